"""Reading a catalog spreadsheet (CSV or xlsx) laid out as the seed's annex.

`parse_catalog(data, filename, unit)` checks the whole file and returns a `ParsedCatalog`, or
raises BadInput (a ValidationError) with every problem found, each naming its row and column. It writes
nothing; `catalog.services.catalog_import` writes the result in one transaction.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from catalog.models import Cadence, DisclosureForm, Item, Scope, TimeLimit
from dwgk.files import UnsafeArchive, check_zip, cut_errors
from dwgk.refusals import BadInput
from organizations.models import Department, Organization

REQUIRED_COLUMNS = ["类别", "序号", "公开内容", "公开形式", "公开时限", "公开范围", "责任处室"]
# Optional columns and the other headings that mean them.
OPTIONAL_COLUMNS = {
    "范围说明": ["范围说明", "一定范围", "公开对象"],
    "重要": ["重要", "重要党务工作"],
    "保留天数": ["保留天数", "保留公开时间", "保留公开天数"],
    "备注": ["备注"],
    "周期": ["周期", "定期公开周期"],
}
HEADER_ALIASES = {"责任部门": "责任处室", "责任科室": "责任处室", "类 别": "类别"}

SEPARATORS = re.compile(r"[、，,/／;；\r\n]+")
WHITESPACE = re.compile(r"\s+")

TIME_LIMIT_WORDS = {
    "长期": TimeLimit.LONG_TERM,
    "定期": TimeLimit.PERIODIC,
    "及时": TimeLimit.IMMEDIATE,
    "随时": TimeLimit.IMMEDIATE,
    "依申请": TimeLimit.ON_APPLICATION,
    "申请": TimeLimit.ON_APPLICATION,
}
SCOPE_WORDS = {
    "党内": Scope.INTERNAL,
    "先党内后党外": Scope.INTERNAL_THEN_PUBLIC,
    "社会": Scope.PUBLIC,
    "向社会公开": Scope.PUBLIC,
    "党外": Scope.PUBLIC,
    "党内一定范围": Scope.INTERNAL_RANGE,
    "一定范围": Scope.INTERNAL_RANGE,
}
TRUE_WORDS = {"是", "重要", "√", "✓", "✔", "y", "yes", "true", "1"}
FALSE_WORDS = {"", "否", "n", "no", "false", "0"}

# Signatures of files that are certainly not spreadsheets.
NOT_SPREADSHEET_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"%PDF",
    b"\xd0\xcf\x11\xe0",  # old binary Office (.xls/.doc): ask for xlsx or CSV
    b"\x1f\x8b",
    b"BM",
    b"Rar!",
    b"7z\xbc\xaf",
)


def squeeze(value) -> str:
    """A cell as text without any whitespace ("办 公 室" → "办公室", "公开\\n形式" → "公开形式")."""
    if value is None:
        return ""
    return WHITESPACE.sub("", str(value)).replace("\u3000", "")


def clean_text(value) -> str:
    """Free text (content, category): line breaks from the printed table removed, spaces kept single."""
    if value is None:
        return ""
    text = re.sub(r"\s*[\r\n]+\s*", "", str(value))
    return WHITESPACE.sub(" ", text.replace("\u3000", " ")).strip()


def split_values(value) -> list[str]:
    words = [squeeze(part) for part in SEPARATORS.split(str(value or ""))]
    return [w for w in words if w]


@dataclass
class ParsedItem:
    row: int
    category: str
    number: int
    content: str
    forms: list[DisclosureForm]
    time_limit: str
    scope: str
    departments: list[Department]
    audience: str = ""
    important: bool = False
    retention_days: int | None = None
    notes: str = ""
    cadence: str = Cadence.PER_ROUND


@dataclass
class ParsedCatalog:
    items: list[ParsedItem] = field(default_factory=list)

    @property
    def categories(self) -> list[str]:
        seen: list[str] = []
        for item in self.items:
            if item.category not in seen:
                seen.append(item.category)
        return seen


def _row_error(row: int, column: str, message: str) -> str:
    """One problem of an imported row; `column` is the column's heading as the file has it."""
    return _("第%(row)s行「%(column)s」：%(message)s") % {
        "row": row,
        "column": column,
        "message": message,
    }


@dataclass(frozen=True)
class Formula:
    """A cell that holds a formula: reported, never read as the value Excel last computed."""

    coordinate: str

    def __str__(self) -> str:
        return ""


def _cell_value(cell):
    return Formula(cell.coordinate) if cell.data_type == "f" else cell.value


def _formula_error(formula: Formula) -> str:
    column = formula.coordinate.rstrip("0123456789")
    row = formula.coordinate[len(column) :]
    return _("第%(row)s行第%(column)s列是公式，请改为文字") % {"row": row, "column": column}


def _read_xlsx(data: bytes) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        check_zip(data, max_bytes=settings.DWGK_IMPORT_MAX_UNPACKED_BYTES)
    except UnsafeArchive as error:
        raise BadInput(str(error)) from None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=False, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise BadInput(_("文件不是有效的xlsx表格")) from error
    sheet = workbook.worksheets[0]
    # Merged cells keep their value in the top-left cell only; give it to every cell of the range
    # that lies in the same column (a category merged over its items), so nothing is lost.
    merged_values = {}
    for merged in sheet.merged_cells.ranges:
        value = _cell_value(sheet.cell(merged.min_row, merged.min_col))
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                merged_values[(row, col)] = value if col == merged.min_col else None
    rows = []
    for row_cells in sheet.iter_rows():
        values = []
        for cell in row_cells:
            key = (cell.row, cell.column)
            values.append(merged_values[key] if key in merged_values else _cell_value(cell))
        if row_cells:
            rows.append((row_cells[0].row, values))
    return rows


def _decode_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise BadInput(_("无法识别文件编码（应为UTF-8或GB18030）")) from error


def _read_csv(data: bytes) -> list[tuple[int, list]]:
    text = _decode_text(data)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise BadInput(_("文件不是表格文件"))
    try:
        sample = text[:4096]
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;") if sample.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        return [(number, row) for number, row in enumerate(reader, start=1)]
    except csv.Error as error:
        raise BadInput(_("CSV文件格式错误：%(error)s") % {"error": error}) from error


def read_rows(data: bytes, filename: str = "") -> list[tuple[int, list]]:
    """(row number, cells) of the first sheet, whatever the file type."""
    limit = settings.DWGK_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise BadInput(_("文件过大（超过%(limit)s字节）") % {"limit": limit})
    if not data.strip():
        raise BadInput(_("文件是空的"))
    if data.startswith(NOT_SPREADSHEET_MAGIC):
        raise BadInput(_("文件不是表格文件（请用xlsx或CSV）"))
    if data.startswith(b"PK\x03\x04"):
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise BadInput(_("文件不是有效的xlsx表格"))
        return _read_xlsx(data)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise BadInput(_("文件不是有效的xlsx表格"))
    return _read_csv(data)


def _canonical_header(cell) -> str:
    name = squeeze(cell)
    name = HEADER_ALIASES.get(name, name)
    for canonical, words in OPTIONAL_COLUMNS.items():
        if name in words:
            return canonical
    return name


def _find_header(rows) -> tuple[int, dict[str, int]]:
    """The header row (it may follow a title row, as in an exported table) and column positions."""
    for index, (_number, cells) in enumerate(rows[:15]):
        names = [_canonical_header(c) for c in cells]
        if "序号" in names and "公开内容" in names:
            columns = {}
            for position, name in enumerate(names):
                if name and name not in columns:
                    columns[name] = position
            return index, columns
    raise BadInput(_("缺少必需的列：%(columns)s") % {"columns": "、".join(REQUIRED_COLUMNS)})


def _lookups(unit: Organization):
    forms = {}
    for form in DisclosureForm.objects.all():
        forms[squeeze(form.name)] = form
        for alias in re.split(r"[、，,]", form.aliases or ""):
            if squeeze(alias):
                forms.setdefault(squeeze(alias), form)
    departments = {squeeze(d.name): d for d in Department.objects.filter(unit=unit)}
    return forms, departments


def parse_catalog(data: bytes, filename: str, unit: Organization) -> ParsedCatalog:
    rows = read_rows(data, filename)
    header_index, columns = _find_header(rows)
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise BadInput(_("缺少必需的列：%(columns)s") % {"columns": "、".join(missing)})
    forms_by_word, departments_by_name = _lookups(unit)
    cadence_words = {squeeze(label): value for value, label in Cadence.choices}
    max_content = Item._meta.get_field("content").max_length

    def cell(cells, name):
        position = columns.get(name)
        if position is None or position >= len(cells):
            return None
        return cells[position]

    errors: list[str] = []
    parsed = ParsedCatalog()
    numbers: dict[int, int] = {}
    category = ""
    for row, cells in rows[header_index + 1 :]:
        formulas = [c for c in cells if isinstance(c, Formula)]
        if formulas:
            errors.extend(_formula_error(formula) for formula in formulas)
            continue
        if not any(squeeze(c) for c in cells):
            continue
        category = clean_text(cell(cells, "类别")) or category
        if not category:
            errors.append(_row_error(row, "类别", _("缺少类别")))

        number = None
        raw_number = cell(cells, "序号")
        text_number = squeeze(raw_number)
        if isinstance(raw_number, float) and raw_number.is_integer():
            number = int(raw_number)
        elif isinstance(raw_number, int) or text_number.isdigit():
            number = int(text_number)
        if number is None or number <= 0:
            errors.append(
                _row_error(
                    row, "序号", _("序号应为正整数，而不是“%(value)s”") % {"value": text_number}
                )
            )
            number = None
        elif number in numbers:
            errors.append(
                _row_error(
                    row,
                    "序号",
                    _("序号%(number)s与第%(other)s行重复")
                    % {"number": number, "other": numbers[number]},
                )
            )
        else:
            numbers[number] = row

        content = clean_text(cell(cells, "公开内容"))
        if not content:
            errors.append(_row_error(row, "公开内容", _("公开内容为空")))
        elif len(content) > max_content:
            errors.append(
                _row_error(row, "公开内容", _("公开内容超过%(max)s字") % {"max": max_content})
            )

        forms = []
        words = split_values(cell(cells, "公开形式"))
        if not words:
            errors.append(_row_error(row, "公开形式", _("公开形式为空")))
        for word in words:
            form = forms_by_word.get(word)
            if form is None:
                errors.append(
                    _row_error(row, "公开形式", _("未知的公开形式“%(word)s”") % {"word": word})
                )
            elif form not in forms:
                forms.append(form)

        time_word = squeeze(cell(cells, "公开时限"))
        time_limit = TIME_LIMIT_WORDS.get(time_word) or TIME_LIMIT_WORDS.get(
            time_word.removesuffix("公开")
        )
        if time_limit is None:
            errors.append(
                _row_error(row, "公开时限", _("未知的公开时限“%(word)s”") % {"word": time_word})
            )

        scope_word = squeeze(cell(cells, "公开范围"))
        scope = SCOPE_WORDS.get(scope_word) or SCOPE_WORDS.get(scope_word.removesuffix("公开"))
        audience = clean_text(cell(cells, "范围说明"))
        if scope is None:
            errors.append(
                _row_error(row, "公开范围", _("未知的公开范围“%(word)s”") % {"word": scope_word})
            )
        elif scope == Scope.INTERNAL_RANGE and not audience:
            errors.append(_row_error(row, "公开范围", _("党内一定范围须在「范围说明」列写明范围")))

        departments = []
        names = split_values(cell(cells, "责任处室"))
        if not names:
            errors.append(_row_error(row, "责任处室", _("责任处室为空")))
        for name in names:
            department = departments_by_name.get(name)
            if department is None:
                errors.append(
                    _row_error(row, "责任处室", _("“%(name)s”不是本单位的处室") % {"name": name})
                )
            elif department not in departments:
                departments.append(department)

        important_word = squeeze(cell(cells, "重要")).lower()
        important = important_word in TRUE_WORDS
        if important_word not in TRUE_WORDS | FALSE_WORDS:
            errors.append(
                _row_error(
                    row, "重要", _("应填“是”或“否”，而不是“%(word)s”") % {"word": important_word}
                )
            )

        retention_days = None
        retention_word = squeeze(cell(cells, "保留天数")).removesuffix("天")
        if isinstance(cell(cells, "保留天数"), float):
            retention_word = str(int(cell(cells, "保留天数")))
        if retention_word and retention_word not in {"长期", "永久"}:
            if retention_word.isdigit():
                retention_days = int(retention_word)
            else:
                errors.append(
                    _row_error(
                        row,
                        "保留天数",
                        _("保留天数应为整数，而不是“%(word)s”") % {"word": retention_word},
                    )
                )

        cadence = Cadence.PER_ROUND
        cadence_word = squeeze(cell(cells, "周期"))
        if cadence_word:
            if cadence_word in cadence_words:
                cadence = cadence_words[cadence_word]
            else:
                errors.append(
                    _row_error(row, "周期", _("未知的周期“%(word)s”") % {"word": cadence_word})
                )

        parsed.items.append(
            ParsedItem(
                row=row,
                category=category,
                number=number or 0,
                content=content,
                forms=forms,
                time_limit=time_limit or "",
                scope=scope or "",
                departments=departments,
                audience=audience,
                important=important,
                retention_days=retention_days,
                notes=str(cell(cells, "备注") or "").strip(),
                cadence=cadence,
            )
        )

    if not parsed.items and not errors:
        errors.append(_("表格中没有目录事项"))
    if errors:
        raise BadInput(cut_errors(errors))
    return parsed
