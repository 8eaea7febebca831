--[[ Tables that lay out as a reader expects, in every format pandoc writes (HTML, Word, Typst for PDF).

1. Column widths from the content, not from the number of dashes in the Markdown: every column is at least as
   wide as its longest word, measured with the letters' real widths in the tables' font (Arial, or Liberation
   Sans, which has Arial's widths: the Word style "Tabelltekst", dokument.typ and document.css all set it), so no
   word is broken across lines; the room left goes to the columns with long text, which wrap.
   Only when the longest words of all columns together are wider than the page may a long name in a body cell
   break (a table with that many columns of long words has no other way to fit).
2. Traffic lights: a cell holding a span of class `lys` and `gronn`, `gul` or `rod` gets the same classes
   (HTML colours it through document.css) and, for Typst, a fill named in the Typst template
   (`lys-gronn`, `lys-gul`, `lys-rod`). Word's cells are coloured after pandoc (omstilling/documents/word.py).
3. HTML: every table sits in its own box that scrolls sideways when the table is wider than the screen
   (document.css), and a keyboard reaches that box: `tabindex=0`, the role `region` and a label naming the table.

Widths are counted in points. ]]

-- the page, the text and the cells of each format, in points: LINE the width tables may take, SIZE the text in
-- the cells, PADDING a cell's inner margins left and right together (and its borders).
local PAGES = {
  -- reference.docx: A4, 2.2 cm margins (16.6 cm of text); "Tabelltekst" 9 pt; Word's cell margins 0.19 cm
  docx = { LINE = 470.5, SIZE = 9, PADDING = 11.8 },
  -- dokument.typ: A4, 2.2 cm margins; tables in 9 pt; inset 5 pt either side
  typst = { LINE = 470.5, SIZE = 9, PADDING = 10.5 },
}
-- (HTML: 60em of 11 pt at most, tables in 10 pt; a browser never breaks a word in a table, it widens the table)
local PAGE = PAGES[FORMAT] or { LINE = 640, SIZE = 10, PADDING = 11 }
local LINE, SIZE, PADDING = PAGE.LINE, PAGE.SIZE, PAGE.PADDING
local SAFETY = 1.04    -- a word is given this much more than its letters measure (rounding in the layout)
local WORD = 7.5       -- ems: a longer word in a body cell is a long name: when the words of all columns
                       -- cannot fit, it is the one that breaks
local LONGEST = 0.6    -- text longer than this part of the line wraps anyway: it asks for no more room
local LONG = 0.3       -- a column whose text would take more than this part of the line wraps: it is "long"

local LIGHTS = { gronn = true, gul = true, rod = true }

-- The advance widths of Liberation Sans (= Arial) in thousandths of an em, by letter; a letter not listed
-- counts as wide as "n".
local function glyphs(groups)
  local widths = {}
  for width, letters in pairs(groups) do
    for _, code in utf8.codes(letters) do widths[code] = width end
  end
  return widths
end

local REGULAR = glyphs {
  [191] = "'",
  [222] = "ijl’",
  [260] = "|",
  [278] = " !,./:;I[\\]ft\u{A0}í",
  [333] = "()-`r“”·",
  [334] = "{}",
  [355] = "\"",
  [389] = "*",
  [400] = "°",
  [469] = "^",
  [500] = "Jcksvxyzç",
  [556] = "#$0123456789?L_abdeghnopquåéèêüöäáóúñ–«»§",
  [584] = "+<=>~×",
  [611] = "FTZø",
  [667] = "&ABEKPSVXYÅÉÄ",
  [722] = "CDHNRUwÜ",
  [778] = "GOQØÖ",
  [833] = "Mm",
  [834] = "½",
  [889] = "%æ",
  [944] = "W",
  [1000] = "Æ—…",
  [1015] = "@",
}
local BOLD = glyphs {
  [238] = "'",
  [278] = " ,./I\\ijl\u{A0}í’",
  [280] = "|",
  [333] = "!()-:;[]`ft·",
  [389] = "*r{}",
  [400] = "°",
  [474] = "\"",
  [500] = "z“”",
  [556] = "#$0123456789J_aceksvxyåéèêäáç–«»§",
  [584] = "+<=>^~×",
  [611] = "?FLTZbdghnopquøüöóúñ",
  [667] = "EPSVXYÉ",
  [722] = "&ABCDHKNRUÅÜÄ",
  [778] = "GOQwØÖ",
  [833] = "M",
  [834] = "½",
  [889] = "%mæ",
  [944] = "W",
  [975] = "@",
  [1000] = "Æ—…",
}

local function measure(text, bold)
  -- the width of `text` on one line, in ems
  local widths, total = bold and BOLD or REGULAR, 0
  for _, code in utf8.codes(text) do total = total + (widths[code] or (bold and 611 or 556)) end
  return total / 1000
end

local function words_of(blocks)
  return pandoc.utils.stringify(pandoc.Div(blocks))
end

local function longest_word(text, bold)
  -- in ems; a non-breaking space (U+00A0) does not break: "2 400 000 kr" is one word
  local longest = 0
  for word in text:gmatch("[^ \t\n\r]+") do
    longest = math.max(longest, measure(word, bold))
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

local function fill(result, target, left)
  -- raise each column towards its target from what is `left`, all in proportion when it does not go round
  local short = 0
  for j = 1, #result do short = short + math.max(0, target[j] - result[j]) end
  if short <= 0 then return left end
  local share = math.min(1, left / short)
  for j = 1, #result do result[j] = result[j] + math.max(0, target[j] - result[j]) * share end
  return left - short * share
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
        local word = longest_word(text, bold) * SIZE * SAFETY
        need[j] = math.max(need[j], word)
        capped[j] = math.max(capped[j], entry.bold and word or math.min(word, WORD * SIZE))
        -- a header may wrap between its words ("Andel av / mål"); a body cell would rather not
        local whole = entry.bold and word or math.min(measure(text, bold) * SIZE * SAFETY, LONGEST * LINE)
        want[j] = math.max(want[j], whole)
      end
      j = j + cell.col_span
    end
  end
  local need_sum = 0
  for j = 1, columns do need_sum = need_sum + need[j] + PADDING end
  if need_sum > LINE then need = capped end  -- only when the words do not all fit may a long name break
  local result, left = {}, LINE
  for j = 1, columns do
    need[j] = need[j] + PADDING
    want[j] = math.max(want[j] + PADDING, need[j])
    result[j] = need[j]
    left = left - need[j]
  end
  if left < 0 then  -- not even the capped words fit: share the line in proportion to them
    for j = 1, columns do result[j] = need[j] / (LINE - left) end
    return result
  end
  -- Every column has its longest word. Then the columns of long text get a fair part of the line (LONG of it),
  -- so that they do not end as a narrow strip; the short columns (figures, dates, status words) then get all
  -- they want, as far as it goes (at worst they wrap between words); what is left after that goes to the long
  -- columns again, up to all they want, and the rest to every column in proportion.
  local fair, all = {}, {}
  for j = 1, columns do
    local long = want[j] > LONG * LINE
    fair[j] = long and math.min(want[j], math.max(need[j], LONG * LINE)) or need[j]
    all[j] = long and need[j] or want[j]
  end
  left = fill(result, fair, left)
  left = fill(result, all, left)
  left = fill(result, want, left)
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

-- A browser and Typst break a line after a hyphen, a dash or a slash ("2014-" / "13", "kvalifiserte/" /
-- "kvantifiserte") when a column wraps; in a table such a word is kept whole (HTML: span.helt, white-space: nowrap
-- in document.css; Typst: a box), as the column widths above have room for it. (Word and LibreOffice may still
-- break there in a column of long text.)
local LETTER = "[%w\128-\255]"  -- a letter or digit (any byte of a UTF-8 letter counts)
local function joined(text)
  for _, joint in ipairs({ "%-", "/", "–", "—" }) do
    if text:find(LETTER .. joint .. LETTER) then return true end
  end
  return false
end

local KEEP_WHOLE = {
  Str = function(s)
    if not joined(s.text) then return nil end
    if FORMAT == "typst" then
      return { pandoc.RawInline("typst", "#box["), s, pandoc.RawInline("typst", "]") }
    end
    return pandoc.Span({ s }, pandoc.Attr("", { "helt" }))
  end,
}

local function set_widths(t)
  local computed = widths(t)
  for j, spec in ipairs(t.colspecs) do
    t.colspecs[j] = { spec[1], computed[j] }
  end
  for _, body in ipairs(t.bodies) do
    for _, row in ipairs(body.body) do
      for _, cell in ipairs(row.cells) do colour(cell) end
    end
  end
  if FORMAT:match("html") or FORMAT == "typst" then t = t:walk(KEEP_WHOLE) end
  return t
end

local function label(t, heading)
  -- what a screen reader says when the keyboard reaches the table's box: its caption, or the heading it stands
  -- under and its columns
  local caption = pandoc.utils.stringify(t.caption.long or {})
  if caption ~= "" then return "Tabell: " .. caption end
  local columns = {}
  for _, row in ipairs(t.head.rows) do
    for _, cell in ipairs(row.cells) do
      local text = words_of(cell.contents)
      if text ~= "" then table.insert(columns, text) end
    end
    break
  end
  local named = heading and ("Tabell under «" .. heading .. "»") or "Tabell"
  if #columns > 0 then named = named .. " (" .. table.concat(columns, ", ") .. ")" end
  return named
end

local named = {}  -- how many boxes have each name so far: a second "Tabell: …" gets "(2)" (each region's name unique)

local function unique(name)
  named[name] = (named[name] or 0) + 1
  if named[name] == 1 then return name end
  return name .. " (" .. named[name] .. ")"
end

local function boxed(blocks, heading)
  -- each table (also one inside a Div) in a box of its own, named after the heading above it
  local out = {}
  for _, block in ipairs(blocks) do
    if block.t == "Header" then
      heading = pandoc.utils.stringify(block.content)
    elseif block.t == "Div" then
      block.content, heading = boxed(block.content, heading)
    end
    if block.t == "Table" then
      table.insert(out, pandoc.Div({ block }, pandoc.Attr("", { "tabell" },
        { { "role", "region" }, { "tabindex", "0" }, { "aria-label", unique(label(block, heading)) } })))
    else
      table.insert(out, block)
    end
  end
  return out, heading
end

function Table(t)
  return set_widths(t)
end

function Pandoc(doc)
  if FORMAT:match("html") then
    doc.blocks = boxed(doc.blocks, nil)
  end
  return doc
end

-- Every picture has its alternative text in the PDF too (PDF/A-2a and PDF/UA-1 refuse one without): pandoc's Typst
-- writer drops it, so a picture is written here as Typst's own image with `alt` (the image's alt attribute, else
-- its caption). HTML and Word keep pandoc's own (the caption as alt text).
local function typst_string(s)
  return '"' .. s:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

function Image(img)
  if FORMAT ~= "typst" then return nil end
  local alt = img.attributes["alt"] or pandoc.utils.stringify(img.caption)
  if alt == "" then alt = img.title or "" end
  return pandoc.RawInline("typst", "#image(" .. typst_string(img.src) .. ", alt: " .. typst_string(alt) .. ")")
end
