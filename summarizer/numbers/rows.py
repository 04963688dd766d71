"""Table rows as text: how a web page's <table>, a Word table pasted or a Markdown table reads once it is
text. A row is a line of cells parted by spaces, tabs or bars (行政复议纠错率 | 8.5% | 12.5%): a label,
then cells that each hold one figure. The one place that says what a cell is, for the numbers engine
(a label's unit for its bare cells), the metrics (a header's year per column) and the briefing."""

from __future__ import annotations

from summarizer import regexes

CELL_BARS = "|｜"
CELL_GAP = " \t\u3000" + CELL_BARS  # what may stand right before a cell
CELL = regexes.compile(rf"[^\s{CELL_BARS}]+")
# a table caption's unit for every cell (单位:件, (单位:万元)), over the header or on its line
CAPTION_UNIT = regexes.compile(r"单位\s*[:：]\s*(?P<unit>[^\s)）,，;；]{1,4})")
CAPTION_LINES = 2  # lines above a table's header its caption may stand on
# 56, 56件, 95%, 1.2万, and a change column's signed cells (+12.5%, -1.9个百分点)
FIGURE_CELL = regexes.compile(r"[约近超逾+\-−↑↓]?[0-9][0-9.,]*[^\s0-9]{0,4}")
YEAR_CELL = regexes.compile(r"(?:19|20)[0-9]{2}(?:年度?)?")  # a header's column: 2023, 2023年, 2023年度
# an empty cell of a row of figures, as tables write it (行政诉讼案件 312 287 —): it keeps its column
EMPTY_CELL = regexes.compile(r"[—－\-/／]{1,2}")
YEAR_IN_CELL = regexes.compile(r"(?:19|20)[0-9]{2}\s*年度?")
BARE_CELL = regexes.compile(
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
)  # a figure without its unit (1,204): the row's label gives it
# the unit a row's label ends with: 行政复议案件(件), 出庭应诉率（%）, 金额(单位:万元)
UNIT_NOTE = regexes.compile(r"\s*[(（](?:单位[:：]?)?(?P<unit>[^()（）\s0-9]{1,3})[)）]$")
ROWS_UP = 30  # rows read back to a table's header
# A table copied cell by cell, one cell per line (a web page's <td>s as a browser copies them):
# a label over two year columns or more, then rows of a label and one figure per column.
LABEL_CELL = regexes.compile(r"[^\s0-9,。;:!?、,;:][^\s,。;:!?、,;:]{0,19}")  # 指标, 罚没款金额(万元)
RULE_ROW = regexes.compile(r"[\s|｜:：\-—]*-[\s|｜:：\-—]*")  # |---|:--:| (a Markdown table's header rule)
GROUP_CELLS, GROUP_CELL_CHARS = 3, 12  # at most, in a row naming a group of the rows under it


SPAN_CELL_CHARS = 16  # a merged cell is written again in each column or row it spans up to this long
MAX_SPAN = 20  # columns or rows a merged cell is written again in, at most


def spanned_text(text: str) -> bool:
    """Is a merged cell (over several columns or rows of a web page's or a Word table) written again in
    each it spans, so that every row reads one cell per column? A short cell with words and no figure
    (数量(件), 项目, 行政复议): a layout table's cell holds a page, and a figure read twice counts twice."""
    stripped = text.strip()
    return 0 < len(stripped) <= SPAN_CELL_CHARS and not any(ch.isdigit() for ch in stripped)


def has_figure(text: str) -> bool:
    """Does a cell hold a figure (45, 95%), not only a year (2023年) or words? A table's header ends at
    the first row with one."""
    return any(ch.isdigit() for ch in YEAR_IN_CELL.sub("", text))


def cell_gap(gap: str) -> bool:
    """Is ``gap``, the text between two numbers, what parts the cells of a row (出庭应诉率 92.5% 100%:
    spaces or a bar, no line break)? The row's label then names every cell."""
    return bool(gap) and "\n" not in gap and not gap.strip(CELL_GAP)


def figure_cells(text: str, line_start: int) -> list[tuple[int, int]]:
    """Where the figure cells at the end of the row starting at ``line_start`` are, after its label
    (none: the line is no such row)."""
    end = text.find("\n", line_start)
    cells = [found.span() for found in CELL.finditer(text, line_start, len(text) if end < 0 else end)]
    figures: list[tuple[int, int]] = []
    for a, b in reversed(cells):
        if not (FIGURE_CELL.fullmatch(text, a, b) or EMPTY_CELL.fullmatch(text, a, b)):
            break
        figures.append((a, b))
    while figures and EMPTY_CELL.fullmatch(text, *figures[-1]):
        figures.pop()  # (before the first figure: a label's dash, not a column)
    if len(figures) == len(cells) > 2 and YEAR_CELL.fullmatch(text, *cells[0]):
        figures.pop()  # 2022年 45 30 95%: a year labels a row of a table whose header names the columns
    return figures[::-1] if 0 < len(figures) < len(cells) else []


def row_year(text: str, start: int) -> int | None:
    """The year that labels the row of the figure cell at ``start`` (2022年 45 30 95%), if one does."""
    if start == 0 or text[start - 1] not in CELL_GAP:
        return None  # (most figures: inside a sentence)
    return year_label(row_label(text, start))


def year_label(label: list[str]) -> int | None:
    """The year a row's label cells are, when they are one year alone (2022年)."""
    return int(label[0][:4]) if len(label) == 1 and YEAR_CELL.fullmatch(label[0]) else None


def label_unit(label: list[str]) -> tuple[str, bool] | None:
    """The unit a row's label cells write for its bare cells, and whether it is bracketed at the
    label's end (行政复议案件(件), 金额(万元)) rather than a short cell of its own after it (a 单位
    column, which the caller must still read as a measure word: 行政复议案件 件 45 56)."""
    if not label:
        return None
    if bracketed := UNIT_NOTE.search(label[-1]):
        return bracketed.group("unit"), True
    return (label[-1], False) if len(label) > 1 and len(label[-1]) <= 3 else None


def row_label(text: str, start: int) -> list[str]:
    """The label cells of the row where the figure cell starting at ``start`` stands (before its
    figure cells; none when the figure is no cell of a row)."""
    line_start = text.rfind("\n", 0, start) + 1
    figures = figure_cells(text, line_start)
    if not figures:
        return []
    return CELL.findall(text, line_start, figures[0][0])


def cell_at(text: str, start: int) -> tuple[list[tuple[int, int]], int] | None:
    """The figure cells of the row where a figure starting at ``start`` stands, and which is its own;
    None when it is not a cell of a row of two figures or more (most figures: inside a sentence)."""
    if start == 0 or text[start - 1] not in CELL_GAP:
        return None
    figures = figure_cells(text, text.rfind("\n", 0, start) + 1)
    column = next((i for i, (a, b) in enumerate(figures) if a <= start < b), None)
    return None if column is None or len(figures) < 2 else (figures, column)


def column_year(text: str, start: int) -> int | None:
    """The year of a figure's column: the figure starting at ``start`` is a cell of a row (see
    :func:`cell_at`) under a header row whose last cells, one per figure of the row, name two years or
    more (指标 2022年 2023年 同比; rows of the same table and blank lines between). None for a figure
    outside such a table, or under a column that names no year."""
    found = _header(text, start)
    if found is None or not found[2]:
        return None
    head = found[0][found[1]]
    return int(head[:4]) if YEAR_CELL.fullmatch(head) else None  # (or 同比增减, 增长率 …)


def cell_of_year_row(text: str, start: int, year: int) -> tuple[int, int] | None:
    """The cell in the column of the figure cell at ``start`` on the row of its table that ``year``
    labels (2022年 45 30 / 2023年 52 28: 52 for 45 and 2023), when rows are labelled by years."""
    found = cell_at(text, start)
    if found is None:
        return None
    figures, column = found
    line_start = text.rfind("\n", 0, start) + 1
    for up in (True, False):  # the rows above, then those below, while they are rows of this table
        at = line_start
        for _ in range(ROWS_UP):
            if up:
                if at == 0:
                    break
                at = text.rfind("\n", 0, at - 1) + 1
            else:
                at = text.find("\n", at) + 1
                if at == 0:
                    break
            cells = figure_cells(text, at)
            if len(cells) != len(figures):
                break
            if row_year(text, cells[column][0]) == year:
                return cells[column]
    return None


def other_column_head(text: str, start: int) -> str | None:
    """The header cell over a figure's column under a header of years when it names no year (指标
    2023年 2024年 同比: 同比, what that column says of its row's figures), else None."""
    found = _header(text, start)
    if found is None or not found[2]:
        return None
    head = found[0][found[1]]
    return None if YEAR_CELL.fullmatch(head) else head


def column_head(text: str, start: int) -> str | None:
    """The header cell over a figure's column when the header names what each column counts (类别
    收到(件) 受理(件) 审结(件): the figure under 受理(件) counts what its row's label names, 受理). None
    for a figure outside such a table, or under a header of years (see :func:`column_year`)."""
    found = _header(text, start)
    return None if found is None or found[2] else found[0][found[1]]


def head_unit(head: str | None) -> str | None:
    """The unit a column's header writes for its cells (受理(件) → 件), if any."""
    found = UNIT_NOTE.search(head) if head else None
    return found.group("unit") if found else None


def caption_unit(text: str, start: int) -> str | None:
    """The unit a table's caption writes for all its cells (单位:件, (单位:万元)), on its header's line
    or on one of the two lines above it, for the figure cell at ``start``; or the unit of the header
    cell over the figure's column in the row above a header of years (数量(件) over 2023年 2024年); else
    None."""
    found = _header(text, start)
    if found is None:
        return None
    heads, column, years, at = found
    if years and at:
        above = text.rfind("\n", 0, at - 1) + 1
        cells = [cell.group() for cell in CELL.finditer(text, above, at - 1)][-len(heads) :]
        if len(cells) == len(heads) and (spanning := head_unit(cells[column])):
            return spanning
    for _ in range(CAPTION_LINES + 1):
        line_end = text.find("\n", at)
        if written := CAPTION_UNIT.search(text, at, len(text) if line_end < 0 else line_end):
            return written.group("unit")
        if at == 0:
            break
        at = text.rfind("\n", 0, at - 1) + 1
    return None


def _header(text: str, start: int) -> tuple[list[str], int, bool, int] | None:
    """The header over the row of the figure cell at ``start``: its last cells (one per figure of the
    row), the figure's column, whether they name years (two or more; else they are all labels: the
    nearest such row, when no header of years stands higher in the table), and where its line starts.
    Rows of the same table, group rows and blank lines may stand between."""
    found = cell_at(text, start)
    if found is None:
        return None
    figures, column = found
    labels = None
    above = text.rfind("\n", 0, start)
    for _ in range(ROWS_UP):
        if above <= 0:
            break
        row_start = text.rfind("\n", 0, above) + 1
        if RULE_ROW.fullmatch(text, row_start, above):
            above = row_start - 1  # a Markdown table's |---|---| under its header: no row
            continue
        cells = [cell.group() for cell in CELL.finditer(text, row_start, above)]
        if cells and CAPTION_UNIT.fullmatch(cells[-1].strip("()（）")):
            cells.pop()  # 指标 2023年 2024年 单位:件: the caption's unit is no column's head
        heads = cells[-len(figures) :]
        if len(heads) == len(figures):
            if sum(bool(YEAR_CELL.fullmatch(head)) for head in heads) >= 2:
                return heads, column, True, row_start
            if labels is None and all(
                LABEL_CELL.fullmatch(h) and not FIGURE_CELL.fullmatch(h) for h in heads
            ):
                labels = heads, row_start
        if cells and len(figure_cells(text, row_start)) != len(figures) and not _group_row(cells):
            break  # not a row of this table
        above = row_start - 1
    return (labels[0], column, False, labels[1]) if labels else None


def _group_row(cells: list[str]) -> bool:
    """A row that only names the group of rows under it ((一)行政复议, 执法监督类): a few short cells,
    no figure. A line of prose is one long cell."""
    return len(cells) <= GROUP_CELLS and all(
        len(cell) <= GROUP_CELL_CHARS and not any(ch.isdigit() for ch in cell) for cell in cells
    )


def stacked_rows(lines: list[str]) -> set[int]:
    """Of a text's lines (stripped, blank ones left out), the indexes of those whose next line is the next
    cell of their row, in a table laid out one cell per line: a header of a label and two year columns
    or more (指标 / 2022年 / 2023年), then rows of a label and one figure per column (行政处罚案件 / 765 /
    812). Joined into rows (指标 2022年 2023年), such a table reads as one copied row by row does."""
    joined: set[int] = set()
    n = 0
    while n < len(lines):
        columns = 0
        while n + 1 + columns < len(lines) and YEAR_CELL.fullmatch(lines[n + 1 + columns]):
            columns += 1
        if columns < 2 or not _label(lines[n]):
            n += 1
            continue
        rows, at = [range(n, n + columns)], n + columns + 1
        while (
            at + columns < len(lines)
            and _label(lines[at])
            and all(FIGURE_CELL.fullmatch(cell) for cell in lines[at + 1 : at + 1 + columns])
        ):
            rows.append(range(at, at + columns))
            at += columns + 1
        if len(rows) > 1:  # a header with rows under it
            joined.update(i for row in rows for i in row)
        n = max(at, n + 1)
    return joined


def _label(line: str) -> bool:
    return (
        bool(LABEL_CELL.fullmatch(line)) and not FIGURE_CELL.fullmatch(line) and not YEAR_CELL.fullmatch(line)
    )
