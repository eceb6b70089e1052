"""Our widgets and screens never redefine a name Textual itself uses.

Three times a harmless-looking name broke the app: a method called
``_context`` on a pane hung the wizard (Textual's message pump uses it), a
``tree`` property did the same, and ``_render`` on the preview silently
broke mouse selection. This test lists every such clash.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.app import App
from textual.widget import Widget

import acct_tui.app
import screens
import screens.steps

MEANT_TO_OVERRIDE = {
    "compose", "render_line", "get_system_commands", "check_action",
    "render_label", "process_label", "get_label_width",  # Tree's documented hooks (the goal tree's rows)
    "BINDINGS", "COMMANDS", "CSS_PATH", "DEFAULT_CSS", "COMPONENT_CLASSES", "AUTO_FOCUS", "TITLE", "SUB_TITLE", "CSS",
    "app",
}
"""Textual's documented hooks and class settings, which subclasses are meant to set
(``app = getters.app(AcctApp)`` is Textual's way to type the app for mypy)."""

DRAWING_OVERRIDES = {
    "SafeInput._value", "SafeInput._position_to_cell", "SafeInput._cell_offset_to_index",
    "SafeTextArea.get_line",
}
"""Deliberate: the text fields draw control characters as symbols (screens/text_fields.py).
test_terminal_escapes fails if Textual stops calling them."""

SPEED_OVERRIDES = {"FitFooter.recompose"}
"""Deliberate: the footer skips Textual's rebuild when its keys are the same (screens/fit_footer.py).
test_layout's footer test fails if Textual stops calling it."""

WORKAROUNDS = {"StepPane.render_lines"}
"""Deliberate: a step pane painted at a size no Resize told it of resends the Resize Textual
lost (screens/steps/base.py). test_layout's lost-Resize tests fail if Textual stops calling it."""

SET_BY_TEXTUAL = {
    "__module__", "__doc__", "__qualname__", "__init__", "__annotations__", "__orig_bases__",
    "__parameters__", "__firstlineno__", "__static_attributes__", "_computes", "_inherit_bindings",
    "_inherit_component_classes", "_inherit_css", "_reactives", "can_focus_children", "can_focus",
    "_css_type_name", "_css_type_names", "_merged_bindings", "_decorated_handlers",
}
"""What Textual's metaclass and ``__init_subclass__`` write into every subclass."""


def our_classes() -> list[type]:
    modules = [acct_tui.app]
    for package in (screens, screens.steps):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            modules.append(importlib.import_module(info.name))
    return [
        cls
        for module in modules
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if cls.__module__ == module.__name__ and issubclass(cls, (Widget, App))
    ]


def test_no_class_redefines_a_textual_name() -> None:
    clashes = []
    for cls in our_classes():
        textual = set().union(*(vars(base) for base in cls.__mro__ if base.__module__.startswith("textual")))
        own = set(vars(cls)) - SET_BY_TEXTUAL - MEANT_TO_OVERRIDE
        handlers = ("on_", "_on_", "action_", "watch_", "validate_", "compute_")
        clashes += [f"{cls.__name__}.{name}" for name in own & textual if not name.startswith(handlers)]
    assert sorted(set(clashes) - DRAWING_OVERRIDES - SPEED_OVERRIDES - WORKAROUNDS) == []


def test_the_check_sees_our_classes() -> None:
    names = {cls.__name__ for cls in our_classes()}
    assert {"WizardScreen", "TreePane", "PlanPreview", "AcctApp"} <= names
