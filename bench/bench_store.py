"""What the plan store costs: start, open, save, typing, export and memory, by store size.

Run by hand (not in CI), from the repository root::

    .venv/bin/python bench/bench_store.py [--quick] [--json PATH]

It builds synthetic stores in a temp folder and measures everything side by
side in one run, each figure the median of several runs, each ratio against a
baseline measured in the same run (interleaved with it, so both see the same
machine load). The full run takes about 12 minutes on 2 cores; ``--quick``
(fewer, smaller stores and runs) about 3.

Stores: 1, 50, 500 and 2,000 plans, "typical" (4 goals x 2 strategies x 2
initiatives x 3 tactics, 6 stakeholders, 3 meetings, 4 metrics; 27 KB a file)
and "large" (10x3x3x5 = 450 tactics; 190 KB a file); and one-plan stores of
50 to 20,000 tactics (20,000: 7.7 MB). One plan file is written by the
store's own ``save`` and copied under new ids and names; the store's own open
then builds the catalog.

``--history`` runs only the history measures instead (about 5 minutes; 2
with ``--quick``): one-plan stores of 48, 450 and 2,000 tactics (``--quick``:
the first two), each built twice, once bare and once with 730 daily
snapshots (two years), and compared in the same run: opening the store,
``store.get``, the first save of a day (which keeps the daily snapshot), one
edit's save (also against the stdlib atomic write, the store's target),
taking one snapshot, listing them all, loading one, and the bytes on disk.
Its latest figures are in the README.

Measures (what the baseline is):

- start: a fresh ``python -c`` that builds ``make_app(store)`` and runs it
  headless at 80x24 until a frame shows the accounts table ("Steps done"),
  timed from before the process is spawned; vs a bare Textual app (one
  screen, one DataTable, one row) started and timed the same way. Every
  frame is also rendered to escape codes, as a terminal run would be.
- peak RSS (``VmHWM``) of that process at that frame; vs the bare app.
  "largest plan open": the same, after opening its Facts step.
- open largest plan: ``store.get(id)``; vs reading its file and
  ``json.loads``. "in the app": from pushing the wizard until the Industry
  field shows on a frame (one run per store).
- one edit's save: ``store.save`` of the largest plan with one field
  changed (after a first save, which also writes the ``.bak``); vs the floor:
  ``json.dumps(plan_to_dict(plan), indent=2, sort_keys=True)`` to a temp
  file, fsync, ``os.replace``, fsync of the folder. "first save": the first
  save of a session, ``.bak`` included.
- key-to-repaint: the app under ``run_test`` with the largest plan open on
  its Facts step; letters are posted into the Industry field at 12.5 keys/s
  in bursts of 50 (4 s, so autosave's 3 s max wait fires mid-burst) with
  pauses just over autosave's 0.8 s quiet time between them. Each key's
  latency runs from when it was due (keys arrive on schedule even while the
  app is busy, as from a terminal) to the first frame that paints it in the
  field: every frame's update is painted onto a copy of the field's line.
  A burst stops early once the app is 5 s behind (n says how many keys
  were timed). Baseline: a bare Textual app with one Input, typed into the
  same way at the start and at the end of the run.
- export one plan: ``python -m acct_tui --db STORE export NAME -o FILE``;
  vs ``python -m acct_tui --version``. Export of all plans: the catalog
  looped through ``store.get`` and ``render_plan_markdown``; vs reading
  and ``json.loads`` of every plan file.

Latest figures (the full run on the dev container; other helpers' tests were
running on the same 2 cores, so single figures move by tens of percent from
run to run, key-to-repaint maxima most; the bare-app baselines show the
machine's own noise)::

    acct-tui store bench, 2026-11-23 09:03 UTC; Python 3.11.7, Textual 8.2.8, 2 CPUs; load average 1.1 at the start, 1.4 at the end (other jobs share the machine); 699 s in all

    measure                                   store                   value    baseline                                ratio     target     met?  n
    ----------------------------------------  ----------------------  -------  --------------------------------------  --------  ---------  ----  ---
    start to home screen                      typical x1              603 ms   432 ms (bare Textual app)               1.40×     ≤ 1.15×    NO    5
    start to home screen                      typical x50             526 ms   330 ms (bare Textual app)               1.59×                      5
    start to home screen                      typical x500            895 ms   417 ms (bare Textual app)               2.15×                      5
    start to home screen                      typical x2,000          1.18 s   318 ms (bare Textual app)               3.72×     ≤ 1.15×    NO    5
    start to home screen                      large x1                511 ms   351 ms (bare Textual app)               1.46×                      5
    start to home screen                      large x50               525 ms   315 ms (bare Textual app)               1.67×                      5
    start to home screen                      large x500              768 ms   350 ms (bare Textual app)               2.19×                      5
    start to home screen                      large x2,000            974 ms   306 ms (bare Textual app)               3.18×                      5
    start to home screen                      1 plan, 50 tactics      441 ms   360 ms (bare Textual app)               1.22×                      5
    start to home screen                      1 plan, 500 tactics     494 ms   353 ms (bare Textual app)               1.40×                      5
    start to home screen                      1 plan, 2,000 tactics   645 ms   412 ms (bare Textual app)               1.56×                      5
    start to home screen                      1 plan, 5,000 tactics   551 ms   354 ms (bare Textual app)               1.56×                      5
    start to home screen                      1 plan, 20,000 tactics  464 ms   283 ms (bare Textual app)               1.64×                      5
    peak RSS at home screen                   typical x1              41 MB    37 MB (bare Textual app)                1.12×                      5
    peak RSS at home screen                   typical x50             41 MB    37 MB (bare Textual app)                1.13×                      5
    peak RSS at home screen                   typical x500            44 MB    37 MB (bare Textual app)                1.21×                      5
    peak RSS at home screen                   typical x2,000          50 MB    37 MB (bare Textual app)                1.36×     ≤ 120 MB   yes   5
    peak RSS at home screen                   large x1                41 MB    37 MB (bare Textual app)                1.12×                      5
    peak RSS at home screen                   large x50               41 MB    37 MB (bare Textual app)                1.13×                      5
    peak RSS at home screen                   large x500              44 MB    37 MB (bare Textual app)                1.21×                      5
    peak RSS at home screen                   large x2,000            50 MB    37 MB (bare Textual app)                1.36×     ≤ 120 MB   yes   5
    peak RSS at home screen                   1 plan, 50 tactics      41 MB    37 MB (bare Textual app)                1.12×                      5
    peak RSS at home screen                   1 plan, 500 tactics     41 MB    37 MB (bare Textual app)                1.12×                      5
    peak RSS at home screen                   1 plan, 2,000 tactics   41 MB    37 MB (bare Textual app)                1.12×                      5
    peak RSS at home screen                   1 plan, 5,000 tactics   41 MB    37 MB (bare Textual app)                1.12×                      5
    peak RSS at home screen                   1 plan, 20,000 tactics  41 MB    37 MB (bare Textual app)                1.12×                      5
    peak RSS, largest plan open               typical x1              51 MB    —                                                                  1
    peak RSS, largest plan open               typical x50             51 MB    —                                                                  1
    peak RSS, largest plan open               typical x500            53 MB    —                                                                  1
    peak RSS, largest plan open               typical x2,000          60 MB    —                                                                  1
    peak RSS, largest plan open               large x1                51 MB    —                                                                  1
    peak RSS, largest plan open               large x50               52 MB    —                                                                  1
    peak RSS, largest plan open               large x500              53 MB    —                                                                  1
    peak RSS, largest plan open               large x2,000            61 MB    —                                                                  1
    peak RSS, largest plan open               1 plan, 50 tactics      51 MB    —                                                                  1
    peak RSS, largest plan open               1 plan, 500 tactics     51 MB    —                                                                  1
    peak RSS, largest plan open               1 plan, 2,000 tactics   52 MB    —                                                                  1
    peak RSS, largest plan open               1 plan, 5,000 tactics   56 MB    —                                                                  1
    peak RSS, largest plan open               1 plan, 20,000 tactics  83 MB    —                                                                  1
    open largest plan (store.get)             typical x1              1.5 ms   0.2 ms (read + json.loads)              8.12×                      7
    open largest plan (store.get)             typical x50             1.8 ms   0.2 ms (read + json.loads)              8.10×                      7
    open largest plan (store.get)             typical x500            2.9 ms   0.3 ms (read + json.loads)              8.49×                      7
    open largest plan (store.get)             typical x2,000          1.5 ms   0.2 ms (read + json.loads)              9.22×                      7
    open largest plan (store.get)             large x1                9.3 ms   1.0 ms (read + json.loads)              9.54×                      7
    open largest plan (store.get)             large x50               11.2 ms  1.2 ms (read + json.loads)              9.68×                      7
    open largest plan (store.get)             large x500              11.0 ms  1.0 ms (read + json.loads)              11.40×                     7
    open largest plan (store.get)             large x2,000            9.3 ms   0.9 ms (read + json.loads)              10.59×                     7
    open largest plan (store.get)             1 plan, 50 tactics      1.8 ms   0.2 ms (read + json.loads)              9.16×                      7
    open largest plan (store.get)             1 plan, 500 tactics     21.8 ms  2.2 ms (read + json.loads)              10.10×                     7
    open largest plan (store.get)             1 plan, 2,000 tactics   76.5 ms  8.9 ms (read + json.loads)              8.60×                      7
    open largest plan (store.get)             1 plan, 5,000 tactics   119 ms   19.5 ms (read + json.loads)             6.07×                      7
    open largest plan (store.get)             1 plan, 20,000 tactics  627 ms   71.4 ms (read + json.loads)             8.79×                      7
    open largest plan in the app              typical x1              183 ms   —                                                                  1
    open largest plan in the app              typical x50             166 ms   —                                                                  1
    open largest plan in the app              typical x500            275 ms   —                                                                  1
    open largest plan in the app              typical x2,000          156 ms   —                                                                  1
    open largest plan in the app              large x1                266 ms   —                                                                  1
    open largest plan in the app              large x50               434 ms   —                                                                  1
    open largest plan in the app              large x500              394 ms   —                                                                  1
    open largest plan in the app              large x2,000            162 ms   —                                                                  1
    open largest plan in the app              1 plan, 50 tactics      454 ms   —                                                                  1
    open largest plan in the app              1 plan, 500 tactics     461 ms   —                                                                  1
    open largest plan in the app              1 plan, 2,000 tactics   230 ms   —                                                                  1
    open largest plan in the app              1 plan, 5,000 tactics   257 ms   —                                                                  1
    open largest plan in the app              1 plan, 20,000 tactics  686 ms   —                                                                  1
    one edit's save                           typical x1              4.1 ms   2.4 ms (stdlib atomic write)            1.69×     ≤ 1.5×     NO    15
    one edit's save                           typical x50             8.9 ms   3.8 ms (stdlib atomic write)            2.33×     ≤ 1.5×     NO    15
    one edit's save                           typical x500            37.2 ms  4.9 ms (stdlib atomic write)            7.57×     ≤ 1.5×     NO    15
    one edit's save                           typical x2,000          123 ms   5.1 ms (stdlib atomic write)            24.21×    ≤ 1.5×     NO    15
    one edit's save                           large x1                38.9 ms  23.3 ms (stdlib atomic write)           1.67×     ≤ 1.5×     NO    15
    one edit's save                           large x50               27.9 ms  15.7 ms (stdlib atomic write)           1.77×     ≤ 1.5×     NO    15
    one edit's save                           large x500              63.2 ms  22.0 ms (stdlib atomic write)           2.87×     ≤ 1.5×     NO    15
    one edit's save                           large x2,000            154 ms   21.5 ms (stdlib atomic write)           7.15×     ≤ 1.5×     NO    15
    one edit's save                           1 plan, 50 tactics      6.2 ms   3.7 ms (stdlib atomic write)            1.68×     ≤ 1.5×     NO    15
    one edit's save                           1 plan, 500 tactics     28.4 ms  19.5 ms (stdlib atomic write)           1.46×     ≤ 1.5×     yes   15
    one edit's save                           1 plan, 2,000 tactics   94.9 ms  61.3 ms (stdlib atomic write)           1.55×     ≤ 1.5×     NO    15
    one edit's save                           1 plan, 5,000 tactics   270 ms   179 ms (stdlib atomic write)            1.51×     ≤ 1.5×     NO    15
    one edit's save                           1 plan, 20,000 tactics  929 ms   670 ms (stdlib atomic write)            1.39×     ≤ 1.5×     yes   15
    first save of a session (+ .bak)          typical x1              5.4 ms   2.6 ms (stdlib atomic write)            2.05×                      3
    first save of a session (+ .bak)          typical x50             10.3 ms  3.2 ms (stdlib atomic write)            3.24×                      3
    first save of a session (+ .bak)          typical x500            34.8 ms  5.5 ms (stdlib atomic write)            6.34×                      3
    first save of a session (+ .bak)          typical x2,000          86.5 ms  3.7 ms (stdlib atomic write)            23.64×                     3
    first save of a session (+ .bak)          large x1                39.2 ms  23.9 ms (stdlib atomic write)           1.64×                      3
    first save of a session (+ .bak)          large x50               29.7 ms  17.9 ms (stdlib atomic write)           1.66×                      3
    first save of a session (+ .bak)          large x500              71.1 ms  16.3 ms (stdlib atomic write)           4.36×                      3
    first save of a session (+ .bak)          large x2,000            163 ms   23.2 ms (stdlib atomic write)           7.02×                      3
    first save of a session (+ .bak)          1 plan, 50 tactics      6.1 ms   4.6 ms (stdlib atomic write)            1.32×                      3
    first save of a session (+ .bak)          1 plan, 500 tactics     39.6 ms  28.5 ms (stdlib atomic write)           1.39×                      3
    first save of a session (+ .bak)          1 plan, 2,000 tactics   138 ms   97.5 ms (stdlib atomic write)           1.41×                      3
    first save of a session (+ .bak)          1 plan, 5,000 tactics   362 ms   242 ms (stdlib atomic write)            1.49×                      3
    first save of a session (+ .bak)          1 plan, 20,000 tactics  1.08 s   631 ms (stdlib atomic write)            1.71×                      3
    key-to-repaint p50                        typical x1              8.7 ms   4.9 ms (bare Textual Input, 300 keys)   1.77×                      150
    key-to-repaint p50                        typical x50             11.8 ms  4.9 ms (bare Textual Input, 300 keys)   2.39×                      150
    key-to-repaint p50                        typical x500            14.5 ms  4.9 ms (bare Textual Input, 300 keys)   2.95×                      150
    key-to-repaint p50                        typical x2,000          14.1 ms  4.9 ms (bare Textual Input, 300 keys)   2.87×                      150
    key-to-repaint p50                        large x1                13.4 ms  4.9 ms (bare Textual Input, 300 keys)   2.72×                      150
    key-to-repaint p50                        large x50               14.1 ms  4.9 ms (bare Textual Input, 300 keys)   2.87×                      150
    key-to-repaint p50                        large x500              13.9 ms  4.9 ms (bare Textual Input, 300 keys)   2.82×                      150
    key-to-repaint p50                        large x2,000            17.4 ms  4.9 ms (bare Textual Input, 300 keys)   3.53×                      150
    key-to-repaint p50                        1 plan, 50 tactics      14.6 ms  4.9 ms (bare Textual Input, 300 keys)   2.97×                      150
    key-to-repaint p50                        1 plan, 500 tactics     15.3 ms  4.9 ms (bare Textual Input, 300 keys)   3.10×                      150
    key-to-repaint p50                        1 plan, 2,000 tactics   95.5 ms  4.9 ms (bare Textual Input, 300 keys)   19.42×                     150
    key-to-repaint p50                        1 plan, 5,000 tactics   845 ms   4.9 ms (bare Textual Input, 300 keys)   171.92×                    150
    key-to-repaint p50                        1 plan, 20,000 tactics  5.96 s   4.9 ms (bare Textual Input, 300 keys)   1212.72×                   52
    key-to-repaint p95                        typical x1              30.0 ms  6.8 ms (bare Textual Input, 300 keys)   4.39×     ≤ 50.0 ms  yes   150
    key-to-repaint p95                        typical x50             28.7 ms  6.8 ms (bare Textual Input, 300 keys)   4.20×     ≤ 50.0 ms  yes   150
    key-to-repaint p95                        typical x500            74.8 ms  6.8 ms (bare Textual Input, 300 keys)   10.95×    ≤ 50.0 ms  NO    150
    key-to-repaint p95                        typical x2,000          151 ms   6.8 ms (bare Textual Input, 300 keys)   22.06×    ≤ 50.0 ms  NO    150
    key-to-repaint p95                        large x1                94.0 ms  6.8 ms (bare Textual Input, 300 keys)   13.76×    ≤ 50.0 ms  NO    150
    key-to-repaint p95                        large x50               92.3 ms  6.8 ms (bare Textual Input, 300 keys)   13.52×    ≤ 50.0 ms  NO    150
    key-to-repaint p95                        large x500              75.0 ms  6.8 ms (bare Textual Input, 300 keys)   10.98×    ≤ 50.0 ms  NO    150
    key-to-repaint p95                        large x2,000            140 ms   6.8 ms (bare Textual Input, 300 keys)   20.42×    ≤ 50.0 ms  NO    150
    key-to-repaint p95                        1 plan, 50 tactics      62.7 ms  6.8 ms (bare Textual Input, 300 keys)   9.19×     ≤ 50.0 ms  NO    150
    key-to-repaint p95                        1 plan, 500 tactics     76.0 ms  6.8 ms (bare Textual Input, 300 keys)   11.13×    ≤ 50.0 ms  NO    150
    key-to-repaint p95                        1 plan, 2,000 tactics   344 ms   6.8 ms (bare Textual Input, 300 keys)   50.30×    ≤ 50.0 ms  NO    150
    key-to-repaint p95                        1 plan, 5,000 tactics   3.00 s   6.8 ms (bare Textual Input, 300 keys)   438.91×   ≤ 50.0 ms  NO    150
    key-to-repaint p95                        1 plan, 20,000 tactics  16.0 s   6.8 ms (bare Textual Input, 300 keys)   2342.42×  ≤ 50.0 ms  NO    52
    key-to-repaint max                        typical x1              87.8 ms  26.8 ms (bare Textual Input, 300 keys)  3.27×     ≤ 150 ms   yes   150
    key-to-repaint max                        typical x50             137 ms   26.8 ms (bare Textual Input, 300 keys)  5.12×     ≤ 150 ms   yes   150
    key-to-repaint max                        typical x500            155 ms   26.8 ms (bare Textual Input, 300 keys)  5.77×     ≤ 150 ms   NO    150
    key-to-repaint max                        typical x2,000          311 ms   26.8 ms (bare Textual Input, 300 keys)  11.58×    ≤ 150 ms   NO    150
    key-to-repaint max                        large x1                192 ms   26.8 ms (bare Textual Input, 300 keys)  7.15×     ≤ 150 ms   NO    150
    key-to-repaint max                        large x50               249 ms   26.8 ms (bare Textual Input, 300 keys)  9.27×     ≤ 150 ms   NO    150
    key-to-repaint max                        large x500              260 ms   26.8 ms (bare Textual Input, 300 keys)  9.71×     ≤ 150 ms   NO    150
    key-to-repaint max                        large x2,000            300 ms   26.8 ms (bare Textual Input, 300 keys)  11.16×    ≤ 150 ms   NO    150
    key-to-repaint max                        1 plan, 50 tactics      277 ms   26.8 ms (bare Textual Input, 300 keys)  10.31×    ≤ 150 ms   NO    150
    key-to-repaint max                        1 plan, 500 tactics     121 ms   26.8 ms (bare Textual Input, 300 keys)  4.50×     ≤ 150 ms   yes   150
    key-to-repaint max                        1 plan, 2,000 tactics   586 ms   26.8 ms (bare Textual Input, 300 keys)  21.85×    ≤ 150 ms   NO    150
    key-to-repaint max                        1 plan, 5,000 tactics   3.62 s   26.8 ms (bare Textual Input, 300 keys)  134.96×   ≤ 150 ms   NO    150
    key-to-repaint max                        1 plan, 20,000 tactics  21.7 s   26.8 ms (bare Textual Input, 300 keys)  807.85×   ≤ 150 ms   NO    52
    app's saves while typing (writer thread)  typical x1              9.0 ms   —                                                                  6
    app's saves while typing (writer thread)  typical x50             15.0 ms  —                                                                  8
    app's saves while typing (writer thread)  typical x500            54.7 ms  —                                                                  14
    app's saves while typing (writer thread)  typical x2,000          129 ms   —                                                                  19
    app's saves while typing (writer thread)  large x1                52.1 ms  —                                                                  12
    app's saves while typing (writer thread)  large x50               47.0 ms  —                                                                  10
    app's saves while typing (writer thread)  large x500              73.0 ms  —                                                                  13
    app's saves while typing (writer thread)  large x2,000            222 ms   —                                                                  15
    app's saves while typing (writer thread)  1 plan, 50 tactics      9.0 ms   —                                                                  6
    app's saves while typing (writer thread)  1 plan, 500 tactics     74.7 ms  —                                                                  15
    app's saves while typing (writer thread)  1 plan, 2,000 tactics   246 ms   —                                                                  15
    app's saves while typing (writer thread)  1 plan, 5,000 tactics   616 ms   —                                                                  22
    app's saves while typing (writer thread)  1 plan, 20,000 tactics  2.76 s   —                                                                  18
    CLI export of one plan                    typical x1              158 ms   138 ms (acct-tui --version)             1.15×     ≤ 1.5×     yes   5
    CLI export of one plan                    typical x50             210 ms   176 ms (acct-tui --version)             1.20×     ≤ 1.5×     yes   5
    CLI export of one plan                    typical x500            242 ms   191 ms (acct-tui --version)             1.26×     ≤ 1.5×     yes   5
    CLI export of one plan                    typical x2,000          286 ms   179 ms (acct-tui --version)             1.59×     ≤ 1.5×     NO    5
    CLI export of one plan                    large x1                282 ms   221 ms (acct-tui --version)             1.28×     ≤ 1.5×     yes   5
    CLI export of one plan                    large x50               220 ms   184 ms (acct-tui --version)             1.20×     ≤ 1.5×     yes   5
    CLI export of one plan                    large x500              331 ms   223 ms (acct-tui --version)             1.48×     ≤ 1.5×     yes   5
    CLI export of one plan                    large x2,000            336 ms   218 ms (acct-tui --version)             1.54×     ≤ 1.5×     NO    5
    CLI export of one plan                    1 plan, 50 tactics      214 ms   156 ms (acct-tui --version)             1.37×                      5
    CLI export of one plan                    1 plan, 500 tactics     290 ms   222 ms (acct-tui --version)             1.31×                      5
    CLI export of one plan                    1 plan, 2,000 tactics   410 ms   223 ms (acct-tui --version)             1.84×                      5
    CLI export of one plan                    1 plan, 5,000 tactics   477 ms   147 ms (acct-tui --version)             3.25×                      5
    CLI export of one plan                    1 plan, 20,000 tactics  1.79 s   194 ms (acct-tui --version)             9.22×                      5
    export of all plans (get + render)        typical x1              3.5 ms   0.2 ms (read + json.loads all)          15.40×                     3
    export of all plans (get + render)        typical x50             242 ms   11.1 ms (read + json.loads all)         21.72×                     3
    export of all plans (get + render)        typical x500            2.94 s   353 ms (read + json.loads all)          8.33×                      1
    export of all plans (get + render)        typical x2,000          8.09 s   919 ms (read + json.loads all)          8.80×                      1
    export of all plans (get + render)        large x1                23.4 ms  1.1 ms (read + json.loads all)          20.62×                     3
    export of all plans (get + render)        large x50               2.48 s   116 ms (read + json.loads all)          21.50×                     1
    export of all plans (get + render)        large x500              16.7 s   1.85 s (read + json.loads all)          9.03×                      1
    export of all plans (get + render)        large x2,000            54.2 s   7.05 s (read + json.loads all)          7.70×                      1
    export of all plans (get + render)        1 plan, 50 tactics      6.3 ms   0.3 ms (read + json.loads all)          19.43×                     3
    export of all plans (get + render)        1 plan, 500 tactics     51.2 ms  2.2 ms (read + json.loads all)          23.21×                     3
    export of all plans (get + render)        1 plan, 2,000 tactics   177 ms   9.7 ms (read + json.loads all)          18.18×                     3
    export of all plans (get + render)        1 plan, 5,000 tactics   341 ms   19.3 ms (read + json.loads all)         17.68×                     3
    export of all plans (get + render)        1 plan, 20,000 tactics  1.52 s   87.3 ms (read + json.loads all)         17.36×                     3

    targets missed: 36 of 51
      start to home screen, typical x1
      start to home screen, typical x2,000
      one edit's save, typical x1
      one edit's save, typical x50
      one edit's save, typical x500
      one edit's save, typical x2,000
      one edit's save, large x1
      one edit's save, large x50
      one edit's save, large x500
      one edit's save, large x2,000
      one edit's save, 1 plan, 50 tactics
      one edit's save, 1 plan, 2,000 tactics
      one edit's save, 1 plan, 5,000 tactics
      key-to-repaint p95, typical x500
      key-to-repaint p95, typical x2,000
      key-to-repaint p95, large x1
      key-to-repaint p95, large x50
      key-to-repaint p95, large x500
      key-to-repaint p95, large x2,000
      key-to-repaint p95, 1 plan, 50 tactics
      key-to-repaint p95, 1 plan, 500 tactics
      key-to-repaint p95, 1 plan, 2,000 tactics
      key-to-repaint p95, 1 plan, 5,000 tactics
      key-to-repaint p95, 1 plan, 20,000 tactics
      key-to-repaint max, typical x500
      key-to-repaint max, typical x2,000
      key-to-repaint max, large x1
      key-to-repaint max, large x50
      key-to-repaint max, large x500
      key-to-repaint max, large x2,000
      key-to-repaint max, 1 plan, 50 tactics
      key-to-repaint max, 1 plan, 2,000 tactics
      key-to-repaint max, 1 plan, 5,000 tactics
      key-to-repaint max, 1 plan, 20,000 tactics
      CLI export of one plan, typical x2,000
      CLI export of one plan, large x2,000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The one place the store is imported: acct_tui.store.PlanStore once the
# folder store has moved there, acct_tui.folder_store.FolderStore until then.
try:
    from acct_tui.store import PlanStore  # noqa: E402

    if not hasattr(PlanStore, "catalog"):
        raise ImportError("acct_tui.store.PlanStore is still the one-file store")
except ImportError:
    from acct_tui.folder_store import FolderStore as PlanStore  # noqa: E402

from textual import events  # noqa: E402
from textual._compositor import ChopsUpdate, LayoutUpdate  # noqa: E402
from textual.app import App  # noqa: E402
from textual.geometry import Region  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.strip import Strip  # noqa: E402
from textual.widget import Widget  # noqa: E402
from textual.widgets import Input  # noqa: E402

from acct_tui import clock as app_clock  # noqa: E402
from acct_tui.app import make_app  # noqa: E402
from acct_tui.markdown import render_plan_markdown  # noqa: E402
from acct_tui.model import Meeting, Plan  # noqa: E402
from acct_tui.plan_json import plan_to_dict  # noqa: E402
from acct_tui.sample import large_plan  # noqa: E402
from screens.wizard import WizardScreen  # noqa: E402

TYPICAL = (4, 2, 2, 3)
LARGE = (10, 3, 3, 5)
SINGLE_SHAPES = {
    50: (2, 5, 1, 5),
    500: (5, 4, 5, 5),
    2_000: (10, 4, 10, 5),
    5_000: (10, 10, 10, 5),
    20_000: (20, 10, 20, 5),
}
"""Tactics in a one-plan store -> (goals, strategies, initiatives, tactics)."""

SCREEN = (80, 24)
TEMPLATE_ID = "benchtmpl0"
TEMPLATE_NAME = "Bench account TEMPLATE"


@dataclass(frozen=True)
class Settings:
    """How much to run: the full run, or ``--quick``."""

    typical: tuple[int, ...]
    large: tuple[int, ...]
    single: tuple[int, ...]
    start_runs: int
    save_runs: int
    get_runs: int
    export_runs: int
    bursts: int
    keys_per_burst: int


FULL = Settings((1, 50, 500, 2_000), (1, 50, 500, 2_000), (50, 500, 2_000, 5_000, 20_000), 5, 15, 7, 5, 3, 50)
QUICK = Settings((1, 2_000), (50,), (2_000, 20_000), 3, 7, 3, 3, 2, 50)
"""Bursts of 50 keys last 4 s, so autosave's 3 s max wait fires mid-burst."""

KEY_INTERVAL = 0.08
"""Seconds between keys in a burst (12.5 keys/s, a fast typist)."""
BURST_PAUSE = 0.9
"""Seconds between bursts: just past autosave's quiet time, so a save is under way."""
LAG_LIMIT = 5.0
"""Seconds behind at which the rest of a burst is skipped (the app can't keep up)."""


# --- synthetic stores ---------------------------------------------------------


@dataclass(frozen=True)
class StoreSpec:
    """One synthetic store: ``count`` plans of one ``shape``."""

    kind: str
    """"typical", "large" or "single"."""
    count: int
    shape: tuple[int, int, int, int]

    @property
    def tactics(self) -> int:
        goals, strategies, initiatives, tactics = self.shape
        return goals * strategies * initiatives * tactics

    @property
    def label(self) -> str:
        if self.kind == "single":
            return f"1 plan, {self.tactics:,} tactics"
        return f"{self.kind} x{self.count:,}"

    @property
    def slug(self) -> str:
        return f"{self.kind}-{self.count}-{self.tactics}"


def store_specs(settings: Settings) -> list[StoreSpec]:
    return (
        [StoreSpec("typical", n, TYPICAL) for n in settings.typical]
        + [StoreSpec("large", n, LARGE) for n in settings.large]
        + [StoreSpec("single", 1, SINGLE_SHAPES[t]) for t in settings.single]
    )


def template_plan(shape: tuple[int, int, int, int]) -> Plan:
    """A complete plan of this shape with a placeholder id and name (replaced per copy)."""
    plan = large_plan(*shape)
    meetings = plan.meetings + (
        Meeting(id="meet-qbr", name="Quarterly business review", frequency="quarterly", next_date=date(2027, 1, 20)),
        Meeting(id="meet-exec", name="Executive sponsor call", frequency="monthly", next_date=date(2026, 12, 8)),
    )
    return replace(plan, id=TEMPLATE_ID, name=TEMPLATE_NAME, meetings=meetings)


def plan_id(number: int) -> str:
    return f"bench{number:05d}"


def plan_name(number: int) -> str:
    return f"Account {number:05d}"


def build_store(spec: StoreSpec, folder: Path) -> None:
    """Write ``spec.count`` plan files, then let the store's own open build the catalog.

    The template goes through ``PlanStore.save`` once (so the bytes are the
    store's own format); the copies swap in their id and name.
    """
    scratch = folder.parent / f"{folder.name}.template"
    with PlanStore(scratch) as store:
        store.save(template_plan(spec.shape))
        template = store.plan_path(TEMPLATE_ID).read_bytes()
    shutil.rmtree(scratch)
    if TEMPLATE_NAME.encode() not in template:
        raise SystemExit("bench: the store's plan file does not hold the plan's name as is")
    with PlanStore(folder) as store:  # creates the folder layout
        plans_dir = store.plan_path(TEMPLATE_ID).parent
    for number in range(1, spec.count + 1):
        content = template.replace(TEMPLATE_ID.encode(), plan_id(number).encode())
        content = content.replace(TEMPLATE_NAME.encode(), plan_name(number).encode())
        (plans_dir / f"{plan_id(number)}.json").write_bytes(content)
    with PlanStore(folder) as store:  # rebuilds the catalog from the plan files
        found = len(store.catalog())
    if found != spec.count:
        raise SystemExit(f"bench: the store built {found} of {spec.count} plans in {folder}")


# --- measuring ----------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values)


def timed(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def interleaved(runs: int, measure: Callable[[], float], baseline: Callable[[], float]) -> tuple[float, float]:
    """Medians of ``runs`` of each, alternating, so both see the same machine load."""
    values, bases = [], []
    for _ in range(runs):
        bases.append(baseline())
        values.append(measure())
    return median(values), median(bases)


def child_env() -> dict[str, str]:
    """This checkout's code first, whatever the venv has installed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("ACCT_TUI_DB", None)
    return env


START_CHILD = r"""
import json, resource, sys, time
mode, db, open_id = sys.argv[1:4]


def peak_rss():
    # Bytes. VmHWM, because on Linux ru_maxrss keeps the forked parent's peak across exec.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)


MARKER = "Steps done"
if mode == "bare":
    from textual.app import App
    from textual.widgets import DataTable

    class BareApp(App):
        def compose(self):
            yield DataTable(id="accounts", cursor_type="row")

        def on_mount(self):
            table = self.query_one(DataTable)
            table.add_columns("Account", "Owner", "Updated", "Steps done", "Health")
            table.add_row("Account 00001", "Owner 1", "2026-11-01 09:00", "11/11", "90/100")
            table.focus()

    app = BareApp()
else:
    from pathlib import Path
    from acct_tui.app import make_app

    app = make_app(Path(db))

result = {}
show = app._display


def display(screen, update):
    show(screen, update)
    if update is None or "done" in result:
        return
    update.render_segments(app.console)  # what a terminal would be sent (headless skips it)
    text = "\n".join(strip.text for strip in screen._compositor.render_strips())
    rss = peak_rss()
    if "home" not in result:
        if MARKER in text:
            result["home"], result["rss_home"] = time.monotonic(), rss
            if open_id == "-":
                result["done"] = True
                app.call_later(app.exit)
            else:
                from screens.wizard import WizardScreen

                app.call_later(app.push_screen, WizardScreen(open_id, "facts"))
    elif "Industry" in text and "Step 1 of" in text:
        result["open"], result["rss_open"], result["done"] = time.monotonic(), rss, True
        app.call_later(app.exit)


app._display = display
app.run(headless=True, size=(80, 24))
print(json.dumps(result))
"""


def run_start_child(mode: str, db: Path | None, open_id: str = "-") -> dict[str, float]:
    """Spawn a fresh Python that starts the app (or the bare app); seconds to first home frame, RSS."""
    args = [sys.executable, "-c", START_CHILD, mode, str(db or "-"), open_id]
    begun = time.monotonic()
    done = subprocess.run(args, check=False, capture_output=True, text=True, env=child_env(), cwd=ROOT, timeout=300)
    try:
        result = json.loads(done.stdout.strip().splitlines()[-1])
        result["home"] -= begun
        if "open" in result:
            result["open"] -= begun
    except (IndexError, KeyError, ValueError):
        raise SystemExit(f"bench: the {mode} start failed:\n{done.stdout}\n{done.stderr}") from None
    return result


def run_cli(args: list[str]) -> float:
    """Seconds for ``python -m acct_tui ARGS`` from spawn to exit (it must succeed)."""
    begun = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "acct_tui", *args], check=False, capture_output=True, text=True, env=child_env(), cwd=ROOT
    )
    elapsed = time.perf_counter() - begun
    if done.returncode != 0:
        raise SystemExit(f"bench: acct-tui {' '.join(args)} failed: {done.stderr.strip()}")
    return elapsed


def floor_save(path: Path, plan: Plan) -> None:
    """The least one plan's atomic save can cost with the standard library."""
    content = (json.dumps(plan_to_dict(plan), indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
    temp = path.with_name(f".{path.name}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temp, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def read_json(path: Path) -> Any:
    """The floor for reading a plan: its bytes, parsed."""
    return json.loads(path.read_bytes())


# --- key-to-repaint -----------------------------------------------------------


def frame_pieces(update: Any, row: int) -> list[tuple[int, Strip]]:
    """What a frame paints on screen line ``row``: (column, strip) pairs, [] if nothing."""
    if isinstance(update, ChopsUpdate):
        line = update.chops[row] if row < len(update.chops) else {}
        return [(x, strip) for x, strip in line.items() if strip is not None]
    if isinstance(update, LayoutUpdate) and 0 <= row - update.region.y < len(update.strips):
        pieces, x = [], update.region.x
        for strip in update.strips[row - update.region.y]:
            pieces.append((x, strip))
            x += strip.cell_length
        return pieces
    return []


class FrameWatch:
    """Sees every frame the app would send to a terminal, and notes when keys first show.

    Wraps ``app._display`` (called for every frame, headless too), renders
    each frame to escape codes as a terminal run would, and keeps a copy of
    what the terminal shows on the watched field's line: each frame's update
    is painted onto it, so a frame that leaves the field alone costs nothing.
    """

    def __init__(self, app: App[None]) -> None:
        self.app = app
        self.opening_value: str | None = None
        self.opened_at: float | None = None
        self.field: Widget | None = None
        self.due: list[float] = []
        """When each key was due to arrive (perf_counter)."""
        self.expected: list[str] = []
        """The end of the field's text once each key shows (unique per key)."""
        self.sent = 0
        self.shown = 0
        self.latencies: list[float] = []
        self._line: list[str] = []
        self._region: Region | None = None
        show = app._display

        def display(screen: Screen, update: Any) -> None:
            show(screen, update)
            if update is not None:
                update.render_segments(app.console)
                self.on_frame(screen, update, time.perf_counter())

        app._display = display  # type: ignore[method-assign]

    def paint(self, update: Any, widget: Widget) -> str | None:
        """Paint the frame onto our copy of the widget's first line; its text, None if untouched."""
        region = widget.region
        if region != self._region:
            self._region, self._line = region, ["\0"] * region.width
        touched = False
        for x, strip in frame_pieces(update, region.y):
            start, end = max(x, region.x), min(x + strip.cell_length, region.right)
            if start < end:
                text = strip.crop(start - x, end - x).text.ljust(end - start)[: end - start]
                self._line[start - region.x : end - region.x] = text
                touched = True
        return "".join(self._line) if touched else None

    def on_frame(self, screen: Screen, update: Any, now: float) -> None:
        if self.opening_value is not None and isinstance(screen, WizardScreen):
            fields = screen.query("#inline-industry")
            text = self.paint(update, fields.first()) if fields else None
            if text is not None and self.opening_value[:8] in text:
                self.opened_at, self.opening_value = now, None
        if self.field is None or self.shown >= self.sent:
            return
        text = self.paint(update, self.field)
        if text is None:
            return
        text = text.rstrip()
        for key in range(self.sent - 1, self.shown - 1, -1):
            if text.endswith(self.expected[key]):
                self.latencies += [now - due for due in self.due[self.shown : key + 1]]
                self.shown = key + 1
                return


def key_sequence(count: int, base: str, seed: int) -> tuple[str, list[str]]:
    """Letters to type, and the field's last 8 characters after each (all different)."""
    rng = random.Random(seed)
    while True:
        letters = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(count))
        tails = [(base + letters[: n + 1])[-8:] for n in range(count)]
        if len(set(tails)) == count:
            return letters, tails


@dataclass
class TypingResult:
    open_seconds: float
    latencies: list[float]
    saves: list[float]
    """How long each save by the app's writer thread took while the plan was open."""


def count_saves(store: Any) -> list[float]:
    """Time every ``store.save`` (the session's writer thread calls it); the list fills as it saves."""
    durations: list[float] = []
    save = store.save

    def timed_save(plan: Plan) -> None:
        start = time.perf_counter()
        try:
            save(plan)
        finally:
            durations.append(time.perf_counter() - start)

    store.save = timed_save
    return durations


async def type_into_plan(folder: Path, target: str, settings: Settings) -> TypingResult:
    """Open ``target`` in the app on its Facts step and type into Industry; every key's latency."""
    app = make_app(folder)
    watch = FrameWatch(app)
    saves = count_saves(app.store)
    try:
        async with app.run_test(size=SCREEN) as pilot:
            await pilot.pause()
            base = app.plan(target).industry
            begun = time.perf_counter()
            watch.opening_value = base
            app.push_screen(WizardScreen(target, "facts"))
            while watch.opened_at is None:
                await asyncio.sleep(0.002)
                if time.perf_counter() - begun > 120:
                    raise SystemExit(f"bench: the plan {target} did not open in 120 s")
            open_seconds = watch.opened_at - begun
            field = app.screen.query_one("#inline-industry")
            await pilot.pause()
            await asyncio.sleep(0.5)  # the pane focuses its first field after a refresh
            field.focus()
            await pilot.pause()
            field.action_end()  # focus selects all; typing goes after the text
            await pilot.pause()
            if app.focused is not field:
                raise SystemExit(f"bench: {app.focused} has the focus, not the Industry field")
            for burst in range(settings.bursts):
                if app.focused is not field:
                    raise SystemExit(f"bench: {app.focused} took the focus from the Industry field")
                letters, tails = key_sequence(settings.keys_per_burst, base, seed=burst)
                typed = await type_burst(watch, field, letters, tails)
                base += letters[:typed]
                await asyncio.sleep(BURST_PAUSE)
            while not app.session.status().saved:
                await asyncio.sleep(0.01)
    finally:
        app.store.close()
    with PlanStore(folder, readonly=True) as store:
        on_disk = store.get(target).industry
    if on_disk != base:
        raise SystemExit(f"bench: typed {base[-20:]!r} but the file holds {on_disk[-20:]!r}")
    return TypingResult(open_seconds, watch.latencies, saves)


class BareTypingApp(App[None]):
    """The baseline for typing: a bare Textual app with one Input holding the same text."""

    def compose(self):
        yield Input("Manufacturing", id="inline-industry", compact=True)


async def type_into_bare(settings: Settings) -> list[float]:
    """Key-to-repaint in a bare Textual app typed into the same way; every key's latency."""
    app = BareTypingApp()
    watch = FrameWatch(app)
    async with app.run_test(size=SCREEN) as pilot:
        field = app.query_one(Input)
        field.focus()
        await pilot.pause()
        field.action_end()
        await pilot.pause()
        base = field.value
        for burst in range(settings.bursts):
            letters, tails = key_sequence(settings.keys_per_burst, base, seed=burst)
            base += letters[: await type_burst(watch, field, letters, tails)]
            await asyncio.sleep(BURST_PAUSE)
    if field.value != base:
        raise SystemExit(f"bench: typed {base[-20:]!r} into the bare app but it holds {field.value[-20:]!r}")
    return watch.latencies


async def type_burst(watch: FrameWatch, field: Widget, letters: str, tails: list[str]) -> int:
    """Post one key every KEY_INTERVAL (late ones at once, as a terminal queues them); wait until all show.

    If the app falls more than LAG_LIMIT behind, the rest of the burst is not
    typed (the figure is already far off; this keeps the run short). Returns
    how many keys were typed.
    """
    watch.field = field
    watch.due, watch.expected, watch.sent, watch.shown = [], tails, 0, 0
    start = time.perf_counter() + KEY_INTERVAL
    for number, letter in enumerate(letters):
        due = start + number * KEY_INTERVAL
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        if watch.shown < watch.sent and time.perf_counter() - watch.due[watch.shown] > LAG_LIMIT:
            break
        watch.due.append(due)
        watch.sent = number + 1
        watch.app.post_message(events.Key(letter, letter))
    give_up = time.perf_counter() + 120
    while watch.shown < watch.sent:
        await asyncio.sleep(0.005)
        if time.perf_counter() > give_up:
            raise SystemExit(f"bench: only {watch.shown} of {watch.sent} keys showed")
    return watch.sent


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with ``share`` of all at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


# --- the table ----------------------------------------------------------------


@dataclass
class Row:
    measure: str
    store: str
    value: float
    unit: str
    """"s" (seconds) or "MB" (``value`` in bytes), for showing it."""
    baseline: float | None = None
    baseline_name: str = ""
    target: str = ""
    """"ratio<=1.15", "value<=0.05" (seconds) or "value<=120e6" (bytes), or ""."""
    runs: int = 1
    met: bool | None = field(default=None)

    def __post_init__(self) -> None:
        if self.target:
            what, limit = self.target.split("<=")
            actual = self.ratio if what == "ratio" else self.value
            self.met = actual is not None and actual <= float(limit)

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None


def show(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "MB":
        return f"{value / 1e6:.1f} MB" if value < 10e6 else f"{value / 1e6:.0f} MB"
    if value < 0.1:
        return f"{value * 1e3:.1f} ms"
    if value < 1:
        return f"{value * 1e3:.0f} ms"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def show_target(target: str, unit: str) -> str:
    if not target:
        return ""
    what, limit = target.split("<=")
    return f"≤ {float(limit):g}×" if what == "ratio" else f"≤ {show(float(limit), unit)}"


def table_lines(rows: list[Row]) -> list[str]:
    header = ("measure", "store", "value", "baseline", "ratio", "target", "met?", "n")
    cells = [header] + [
        (
            row.measure,
            row.store,
            show(row.value, row.unit),
            show(row.baseline, row.unit) + (f" ({row.baseline_name})" if row.baseline_name else ""),
            f"{row.ratio:.2f}×" if row.ratio is not None else "",
            show_target(row.target, row.unit),
            {True: "yes", False: "NO", None: ""}[row.met],
            str(row.runs),
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in cells) for i in range(len(header))]
    lines = []
    for number, line in enumerate(cells):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return lines


# --- one store ----------------------------------------------------------------


def measure_store(spec: StoreSpec, folder: Path, work: Path, settings: Settings, rows: list[Row]) -> None:
    """Every measure on one store, appended to ``rows``."""
    label = spec.label
    largest = plan_id(spec.count)
    two_thousand = spec.count == 2_000
    clock = [time.monotonic()]

    def note(text: str) -> None:
        now = time.monotonic()
        print(f"  {label}: {text} ({now - clock[0]:.0f} s since the last step)", file=sys.stderr, flush=True)
        clock[0] = now

    note("start")
    app_runs, bare_runs = [], []
    for _ in range(settings.start_runs):
        bare_runs.append(run_start_child("bare", None))
        app_runs.append(run_start_child("app", folder))
    start_target = "ratio<=1.15" if spec.kind == "typical" and spec.count in (1, 2_000) else ""
    rows.append(Row("start to home screen", label, median([r["home"] for r in app_runs]), "s",
                    median([r["home"] for r in bare_runs]), "bare Textual app", start_target, settings.start_runs))
    rows.append(Row("peak RSS at home screen", label, median([r["rss_home"] for r in app_runs]), "MB",
                    median([r["rss_home"] for r in bare_runs]), "bare Textual app",
                    "value<=120e6" if two_thousand else "", settings.start_runs))
    opened = run_start_child("app", folder, largest)
    rows.append(Row("peak RSS, largest plan open", label, opened["rss_open"], "MB"))

    note("open")
    with PlanStore(folder, readonly=True) as store:
        path = store.plan_path(largest)
        get, floor = interleaved(
            settings.get_runs, lambda: timed(lambda: store.get(largest)), lambda: timed(lambda: read_json(path))
        )
    rows.append(Row("open largest plan (store.get)", label, get, "s", floor, "read + json.loads", runs=settings.get_runs))

    note("save")
    floor_dir = work / "floor"
    floor_dir.mkdir(exist_ok=True)
    firsts, first_floors = [], []
    for attempt in range(min(3, settings.save_runs)):
        with PlanStore(folder) as store:
            plan = store.get(largest)
            version = replace(plan, industry=f"{plan.industry} (first save {attempt})")
            first_floors.append(timed(partial(floor_save, floor_dir / f"{largest}.json", version)))
            firsts.append(timed(partial(store.save, version)))
    rows.append(Row("first save of a session (+ .bak)", label, median(firsts), "s", median(first_floors),
                    "stdlib atomic write", runs=len(firsts)))
    with PlanStore(folder) as store:
        plan = store.get(largest)
        versions = iter(replace(plan, industry=f"{plan.industry} {n}") for n in range(2 * settings.save_runs + 1))
        store.save(next(versions))  # the first save of the session writes the .bak
        save, floor = interleaved(
            settings.save_runs,
            lambda: timed(lambda: store.save(next(versions))),
            lambda: timed(lambda: floor_save(floor_dir / f"{largest}.json", next(versions))),
        )
    rows.append(Row("one edit's save", label, save, "s", floor, "stdlib atomic write", "ratio<=1.5",
                    settings.save_runs))
    with PlanStore(folder) as store:  # leave the plan as it was, industry included
        store.save(replace(store.get(largest), industry="Manufacturing"))

    note("export")
    output = work / "export.md"
    export, version = interleaved(
        settings.export_runs,
        lambda: run_cli(["--db", str(folder), "export", plan_name(spec.count), "-o", str(output)]),
        lambda: run_cli(["--version"]),
    )
    rows.append(Row("CLI export of one plan", label, export, "s", version, "acct-tui --version",
                    "" if spec.kind == "single" else "ratio<=1.5", settings.export_runs))
    with PlanStore(folder, readonly=True) as store:
        entries = store.catalog()
        files = [store.plan_path(entry.id) for entry in entries]
        everything = lambda: [render_plan_markdown(store.get(entry.id)) for entry in entries]  # noqa: E731
        runs = 1 if spec.count * spec.tactics > 20_000 else 3
        export_all, read_all = interleaved(
            runs, lambda: timed(everything), lambda: timed(lambda: [read_json(f) for f in files])
        )
    rows.append(Row("export of all plans (get + render)", label, export_all, "s", read_all,
                    "read + json.loads all", runs=runs))

    note("typing")
    typing = asyncio.run(type_into_plan(folder, largest, settings))
    keys = typing.latencies
    rows.append(Row("open largest plan in the app", label, typing.open_seconds, "s"))
    rows.append(Row("key-to-repaint p50", label, median(keys), "s", runs=len(keys)))
    rows.append(Row("key-to-repaint p95", label, percentile(keys, 0.95), "s", target="value<=0.05", runs=len(keys)))
    rows.append(Row("key-to-repaint max", label, max(keys), "s", target="value<=0.15", runs=len(keys)))
    if typing.saves:
        rows.append(Row("app's saves while typing (writer thread)", label, median(typing.saves), "s",
                        runs=len(typing.saves)))
    with PlanStore(folder) as store:  # leave the plan as it was
        store.save(replace(store.get(largest), industry="Manufacturing"))


def add_bare_typing(rows: list[Row], bare_keys: list[float]) -> None:
    """Key-to-repaint in a bare Textual app (typed at the start and the end of the run) as the baseline."""
    figures = {
        "key-to-repaint p50": median(bare_keys),
        "key-to-repaint p95": percentile(bare_keys, 0.95),
        "key-to-repaint max": max(bare_keys),
    }
    for row in rows:
        if row.measure in figures:
            row.baseline, row.baseline_name = figures[row.measure], f"bare Textual Input, {len(bare_keys)} keys"


MEASURE_ORDER = [
    "start to home screen",
    "peak RSS at home screen",
    "peak RSS, largest plan open",
    "open largest plan (store.get)",
    "open largest plan in the app",
    "one edit's save",
    "first save of a session (+ .bak)",
    "key-to-repaint p50",
    "key-to-repaint p95",
    "key-to-repaint max",
    "app's saves while typing (writer thread)",
    "CLI export of one plan",
    "export of all plans (get + render)",
]


def report(
    name: str, load_before: tuple[float, ...], load_after: tuple[float, ...], began: float, rows, table=None
) -> str:
    """Print a bench's header, its table and the targets it missed; return the header (for --json).

    Shared by the store and UI benches, so their reports read alike; ``table``
    formats the rows (default: this bench's ``table_lines``).
    """
    import textual

    header = (
        f"acct-tui {name}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; "
        f"Python {platform.python_version()}, Textual {textual.__version__}, {os.cpu_count()} CPUs; "
        f"load average {load_before[0]:.1f} at the start, {load_after[0]:.1f} at the end "
        f"(other jobs share the machine); {time.monotonic() - began:.0f} s in all"
    )
    missed = [row for row in rows if row.met is False]
    lines = [header, "", *(table or table_lines)(rows), ""]
    lines.append(
        f"targets missed: {len(missed)} of {sum(row.met is not None for row in rows)}"
        + "".join(f"\n  {row.measure}, {row.store}" for row in missed)
    )
    print("\n".join(lines))
    return header


# --- history: a plan with two years of daily snapshots ---------------------------

HISTORY_DAYS = 730
"""Two years of daily snapshots, the issue's case."""
HISTORY_SPECS = {
    "quick": [StoreSpec("typical", 1, TYPICAL), StoreSpec("large", 1, LARGE)],
    "full": [StoreSpec("typical", 1, TYPICAL), StoreSpec("large", 1, LARGE), StoreSpec("single", 1, SINGLE_SHAPES[2_000])],
}


def build_history(folder: Path, days: int) -> None:
    """``days`` daily snapshots of the store's one plan, one a day up to yesterday, each a little different."""
    with PlanStore(folder) as store:
        plan = store.get(plan_id(1))
        history = store.history(plan.id)
        today = date.today()
        for back in range(days, 0, -1):
            day = today - timedelta(days=back)
            when = datetime(day.year, day.month, day.day, 18, tzinfo=UTC)
            history.take(replace(plan, industry=f"{plan.industry} {back}"), "daily", when=when, health=80, day=day)


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def measure_history(spec: StoreSpec, work: Path, settings: Settings, rows: list[Row]) -> None:
    """Open, save, snapshot and list costs of a plan with ``HISTORY_DAYS`` snapshots, vs the same plan without."""
    label = f"1 plan, {spec.tactics:,} tactics" + (f" ({spec.kind})" if spec.kind != "single" else "")
    bare, kept = work / f"{spec.slug}-bare", work / f"{spec.slug}-history"
    for folder in (bare, kept):
        build_store(spec, folder)
    print(f"  {label}: taking {HISTORY_DAYS} daily snapshots", file=sys.stderr, flush=True)
    built = timed(lambda: build_history(kept, HISTORY_DAYS))
    print(f"  built in {built:.1f} s", file=sys.stderr, flush=True)
    one = plan_id(1)
    vs_none = "same plan, no history"
    runs = settings.save_runs

    opened, base = interleaved(
        runs, lambda: timed(lambda: PlanStore(kept).close()), lambda: timed(lambda: PlanStore(bare).close())
    )
    rows.append(Row("open the store", label, opened, "s", base, vs_none, runs=runs))
    with PlanStore(kept, readonly=True) as with_history, PlanStore(bare, readonly=True) as without:
        got, base = interleaved(
            settings.get_runs, lambda: timed(lambda: with_history.get(one)), lambda: timed(lambda: without.get(one))
        )
    rows.append(Row("open the plan (store.get)", label, got, "s", base, vs_none, runs=settings.get_runs))

    # The first save of a day reads the index and keeps yesterday's version; each run is a new day.
    real_today = app_clock.today
    firsts, first_bases = [], []
    try:
        for n in range(1, runs + 1):
            app_clock.today = lambda n=n: date.today() + timedelta(days=n)  # type: ignore[method-assign]
            for folder, into in ((bare, first_bases), (kept, firsts)):
                with PlanStore(folder) as store:
                    plan = store.get(one)
                    into.append(timed(lambda: store.save(replace(plan, industry=f"{plan.industry} day {n}"))))
    finally:
        app_clock.today = real_today  # type: ignore[method-assign]
    rows.append(Row("first save of a day (+ daily snapshot)", label, median(firsts), "s", median(first_bases),
                    vs_none + " (+ .bak)", runs=len(firsts)))

    floor_dir = work / "floor"
    floor_dir.mkdir(exist_ok=True)
    with PlanStore(kept) as with_history, PlanStore(bare) as without:
        plan = with_history.get(one)
        without.get(one)
        versions = iter(replace(plan, industry=f"{plan.industry} {n}") for n in range(4 * runs + 2))
        with_history.save(next(versions))  # the day's first save, done above for this day: no snapshot now
        without.save(next(versions))
        save, base = interleaved(
            runs,
            lambda: timed(lambda: with_history.save(next(versions))),
            lambda: timed(lambda: without.save(next(versions))),
        )
        rows.append(Row("one edit's save", label, save, "s", base, vs_none, runs=runs))
        save, floor = interleaved(
            runs,
            lambda: timed(lambda: with_history.save(next(versions))),
            lambda: timed(lambda: floor_save(floor_dir / f"{one}.json", plan)),
        )
        rows.append(Row("one edit's save", label, save, "s", floor, "stdlib atomic write", "ratio<=1.5", runs))
        take, base = interleaved(
            runs,
            lambda: timed(lambda: with_history.take_snapshot(plan, "review", "bench")),
            lambda: timed(lambda: without.save(next(versions))),
        )
        rows.append(Row("take one snapshot (review)", label, take, "s", base, "one edit's save, no history",
                        runs=runs))
        history = with_history.history(one)
        count = len(history.snapshots())
        index = history.folder / "index.jsonl"
        listed, base = interleaved(
            settings.get_runs,
            lambda: timed(history.snapshots),
            lambda: timed(lambda: [json.loads(line) for line in index.read_bytes().splitlines()]),
        )
        rows.append(Row(f"list {count} snapshots", label, listed, "s", base, "read index + json.loads lines",
                        runs=settings.get_runs))
        oldest = history.snapshots()[0].id
        loaded, base = interleaved(
            settings.get_runs, lambda: timed(lambda: history.load(oldest)), lambda: timed(lambda: without.get(one))
        )
        rows.append(Row("load one snapshot", label, loaded, "s", base, "store.get of the plan", runs=settings.get_runs))
    rows.append(Row(f"history on disk ({count} snapshots)", label, folder_bytes(history.folder), "MB",
                    folder_bytes(bare / "plans"), "the plans folder"))


def run_history(args: argparse.Namespace, settings: Settings) -> None:
    """The ``--history`` run: only the history measures, with their own report."""
    load_before = os.getloadavg()
    began = time.monotonic()
    rows: list[Row] = []
    work = Path(tempfile.mkdtemp(prefix="acct-tui-bench-history-"))
    try:
        for spec in HISTORY_SPECS["quick" if args.quick else "full"]:
            print(f"building {spec.label} with and without history in {work}", file=sys.stderr, flush=True)
            measure_history(spec, work, settings, rows)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()
    report(f"history bench{' --quick' if args.quick else ''}", load_before, load_after, began, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer, smaller stores and runs (a few minutes)")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json", help="where to write the JSON")
    parser.add_argument("--only", metavar="TEXT", default="", help="only the stores whose name holds TEXT")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder with the stores")
    parser.add_argument(
        "--history", action="store_true", help=f"only a plan with {HISTORY_DAYS} daily snapshots vs none"
    )
    args = parser.parse_args()
    settings = QUICK if args.quick else FULL
    if args.history:
        run_history(args, settings)
        return
    load_before = os.getloadavg()
    began = time.monotonic()
    rows: list[Row] = []
    work = Path(tempfile.mkdtemp(prefix="acct-tui-bench-"))
    print("typing into a bare Textual app (the baseline for key-to-repaint)", file=sys.stderr, flush=True)
    bare_keys = asyncio.run(type_into_bare(settings))
    try:
        for spec in [s for s in store_specs(settings) if args.only in s.slug]:
            folder = work / spec.slug
            print(f"building {spec.label} in {folder}", file=sys.stderr, flush=True)
            built = timed(partial(build_store, spec, folder))
            print(f"  built in {built:.1f} s", file=sys.stderr, flush=True)
            measure_store(spec, folder, work, settings, rows)
            if not args.keep:
                shutil.rmtree(folder)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("typing into the bare Textual app again", file=sys.stderr, flush=True)
    bare_keys += asyncio.run(type_into_bare(settings))
    add_bare_typing(rows, bare_keys)
    rows.sort(key=lambda row: MEASURE_ORDER.index(row.measure))
    load_after = os.getloadavg()
    header = report(f"store bench{' --quick' if args.quick else ''}", load_before, load_after, began, rows)
    args.json.write_text(
        json.dumps(
            {
                "header": header,
                "quick": args.quick,
                "settings": asdict(settings),
                "load_average": {"start": load_before, "end": load_after},
                "rows": [{**asdict(row), "ratio": row.ratio} for row in rows],
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
