-- acct-tui's pandoc filter for Word files: tables span the page, each column
-- as wide as its content needs.
--
-- Without widths pandoc writes "auto" tables with equal columns; Word fits
-- them to their content but LibreOffice keeps them narrow, breaking words
-- such as "Influence" mid-word. Here every column first gets its longest
-- word and room for the cell's padding (so no word breaks, up to 20
-- characters), and the rest of the line
-- (about 80 characters) goes to the columns whose cells want more, in
-- proportion to how much more (a cell counts up to 60 characters).

local LINE = 80
local WORD_CAP = 20
local CELL_CAP = 60

local function longest_word(text)
  local most = 0
  for word in text:gmatch("%S+") do
    most = math.max(most, utf8.len(word) or #word)
  end
  return most
end

function Table(tbl)
  local columns = #tbl.colspecs
  local floor, want = {}, {}
  for i = 1, columns do floor[i], want[i] = 3, 3 end
  local function measure(rows)
    for _, row in ipairs(rows) do
      for i, cell in ipairs(row.cells) do
        if i <= columns then
          local text = pandoc.utils.stringify(cell.contents)
          floor[i] = math.max(floor[i], math.min(longest_word(text), WORD_CAP) + 3)
          want[i] = math.max(want[i], math.min(utf8.len(text) or #text, CELL_CAP) + 1)
        end
      end
    end
  end
  measure(tbl.head.rows)
  for _, body in ipairs(tbl.bodies) do measure(body.body) end
  local floors, extra = 0, 0
  for i = 1, columns do
    floors = floors + floor[i]
    extra = extra + (want[i] - floor[i])
  end
  local spare = math.max(LINE - floors, 0)
  local width, total = {}, 0
  for i = 1, columns do
    local share = extra > 0 and spare * (want[i] - floor[i]) / extra or 0
    width[i] = floor[i] + math.min(share, want[i] - floor[i] + spare)
    total = total + width[i]
  end
  for i = 1, columns do tbl.colspecs[i] = {tbl.colspecs[i][1], width[i] / total} end
  return tbl
end
