--[[ Tables that lay out as a reader expects, in every format pandoc writes (HTML, Word, Typst for PDF).

1. Column widths from the content, not from the number of dashes in the Markdown: every column is at least as
   wide as its longest word (header words in bold a little wider), so no word is broken across lines; the room
   left goes to the columns with long text, which wrap.
2. Traffic lights: a cell holding a span of class `lys` and `gronn`, `gul` or `rod` gets the same classes
   (HTML colours it through document.css) and, for Typst, a fill named in the Typst template
   (`lys-gronn`, `lys-gul`, `lys-rod`). Word's cells are coloured after pandoc (omstilling/documents/word.py).

Widths are counted in characters of an average body-text letter: LINE is how many fit on a line of the page. ]]

-- characters of a table's text on a line of the page: Word at 9.5 pt (counted with wide letters, as DejaVu Sans
-- has when Calibri is missing), Typst at 9 pt Liberation Sans, HTML at 10 pt in a 60em page
local LINE = ({ docx = 86, typst = 96 })[FORMAT] or 90
local WORD = 14        -- a longer word in a body cell is a long name: when the words of all columns cannot fit,
                       -- it is the one that breaks
local PADDING = 2.5    -- a cell's inner margins, in characters
local BOLD = 1.12      -- a bold (header) letter is this much wider
local LONGEST = 60     -- text longer than this wraps anyway: it asks for no more room than this

local LONG = 0.3       -- a column whose text would take more than this part of the line wraps: it is "long"

local LIGHTS = { gronn = true, gul = true, rod = true }

local function words_of(blocks)
  return pandoc.utils.stringify(pandoc.Div(blocks))
end

local function longest_word(text)
  local longest = 0
  for word in text:gmatch("[^%s]+") do
    -- a non-breaking space (U+00A0) does not break: "2 400 000 kr" is one word
    longest = math.max(longest, utf8.len(word) or #word)
  end
  return longest
end

local function has_strong(blocks)
  local found = false
  pandoc.walk_block(pandoc.Div(blocks), { Strong = function() found = true end })
  return found
end

local function cells_of(t)
  local rows = {}
  for _, row in ipairs(t.head.rows) do table.insert(rows, { row = row, bold = true }) end
  for _, body in ipairs(t.bodies) do
    for _, row in ipairs(body.head) do table.insert(rows, { row = row, bold = true }) end
    for _, row in ipairs(body.body) do table.insert(rows, { row = row, bold = false }) end
  end
  for _, row in ipairs(t.foot.rows) do table.insert(rows, { row = row, bold = false }) end
  return rows
end

local function widths(t)
  local columns = #t.colspecs
  local need, want, capped = {}, {}, {}
  for j = 1, columns do need[j], want[j], capped[j] = 0, 0, 0 end
  for _, entry in ipairs(cells_of(t)) do
    local j = 1
    for _, cell in ipairs(entry.row.cells) do
      if j <= columns and cell.col_span == 1 then
        local text = words_of(cell.contents)
        local bold = entry.bold or has_strong(cell.contents)
        local scale = bold and BOLD or 1
        local word = longest_word(text) * scale
        need[j] = math.max(need[j], word)
        capped[j] = math.max(capped[j], entry.bold and word or math.min(word, WORD * scale))
        -- a header may wrap between its words ("Andel av / mål"); a body cell would rather not
        want[j] = math.max(want[j], entry.bold and word or math.min(utf8.len(text) or #text, LONGEST))
      end
      j = j + cell.col_span
    end
  end
  local need_sum, want_sum = 0, 0
  for j = 1, columns do need_sum = need_sum + need[j] + PADDING end
  if need_sum > LINE then need = capped end  -- only when the words do not all fit may a long name break
  need_sum = 0
  for j = 1, columns do
    need[j] = need[j] + PADDING
    want[j] = math.max(want[j] + PADDING, need[j])
    need_sum, want_sum = need_sum + need[j], want_sum + want[j]
  end
  local result = {}
  if want_sum <= LINE or need_sum >= LINE then
    -- everything fits on one line per cell (or not even the words fit): share the line in proportion
    local basis, sum = (want_sum <= LINE) and want or need, (want_sum <= LINE) and want_sum or need_sum
    for j = 1, columns do result[j] = basis[j] / sum end
    return result
  end
  -- Columns of long text first get a fair part of the line (LONG of it, or their longest word), so that
  -- they do not end as a narrow strip; the short columns (figures, dates, status words) then get all they want
  -- from what is left, as far as it goes (they never break a word: at worst they wrap between words); what is
  -- left after that goes to the long columns again, by how much more they would like.
  local room, long, longs = LINE, {}, 0
  local short_need, short_want = 0, 0
  for j = 1, columns do
    if want[j] > LONG * LINE then
      long[j], longs = true, longs + 1
    else
      short_need, short_want = short_need + need[j], short_want + want[j]
    end
  end
  -- (the long columns' part never takes what the short columns' words need)
  local part = math.min(LONG * LINE, (LINE - short_need) / math.max(longs, 1))
  for j = 1, columns do
    if long[j] then
      result[j] = math.max(need[j], part)
      room = room - result[j]
    end
  end
  for j = 1, columns do
    if not long[j] then
      if short_want <= room then
        result[j] = want[j]
      elseif short_need < room then
        result[j] = need[j] + (room - short_need) * (want[j] - need[j]) / (short_want - short_need)
      else
        result[j] = need[j]
      end
    end
  end
  local left, extra = room - math.min(room, short_want), 0
  for j = 1, columns do if long[j] then extra = extra + want[j] - result[j] end end
  for j = 1, columns do
    if long[j] and left > 0 and extra > 0 then result[j] = result[j] + left * (want[j] - result[j]) / extra end
  end
  local sum = 0
  for j = 1, columns do sum = sum + result[j] end
  for j = 1, columns do result[j] = result[j] / sum end
  return result
end

local function light_of(blocks)
  local found = nil
  pandoc.walk_block(pandoc.Div(blocks), {
    Span = function(span)
      if span.classes:includes("lys") then
        for _, class in ipairs(span.classes) do
          if LIGHTS[class] then found = class end
        end
      end
    end,
  })
  return found
end

local function colour(cell)
  local light = light_of(cell.contents)
  if light then
    cell.classes:insert("lys")
    cell.classes:insert(light)
    if FORMAT == "typst" then
      cell.attributes["typst:fill"] = "lys-" .. light
    end
  end
end

function Table(t)
  local computed = widths(t)
  for j, spec in ipairs(t.colspecs) do
    t.colspecs[j] = { spec[1], computed[j] }
  end
  for _, body in ipairs(t.bodies) do
    for _, row in ipairs(body.body) do
      for _, cell in ipairs(row.cells) do colour(cell) end
    end
  end
  return t
end
