"""Respondent workbooks: the template a respondent fills in, written and filled in.

Template layout
---------------
:func:`write_template` writes an xlsx with two sheets, ``Instructions`` (how to fill it and every
answer scale with its codes and labels) and ``Answers``, laid out as follows (fixed; the reader
relies on it, and on the labels in column A rather than their exact row):

======  =======================  ====================================================
row     column A (label)         column B (value)
======  =======================  ====================================================
1       ``Business line``        business line (pre-filled with ``business_line=``)
2       ``Wave``                 wave, e.g. ``2025-09`` (pre-filled with ``wave=``)
3       ``Respondent id``        the person's unique id, e.g. the staff number (工号);
                                 default when empty: the file name stem
4       ``Role``                 role, optional
5       ``Project``              project, optional
6       ``Date``                 date, optional
7       ``Model``                model id (written by the template, informational)
8       ``Name``                 the respondent's name (informational: two people with one
                                 name are told apart by their ids)
9       table header             ``question, process_area, practice, text, answer, comment,
                                 evidence`` (columns A-G)
10...   one row per question     ``answer`` (column E) has a drop-down "code - label" of the
                                 question's scale (``3 - 大部分实施``); other typed answers get
                                 a warning in Excel, not a refusal
======  =======================  ====================================================

Labels are English (``language="en"``), Chinese (``"zh"``: 业务线, 评估批次, 答卷人编号, 角色,
项目, 日期, 模型, 姓名; sheets 填写说明 and 答卷; table header 问题编号, 过程域, 实践, 问题, 答案,
说明, 证据; practice and model names in Chinese) or both (``"Business line / 业务线"``); the

The reader of these workbooks is :mod:`maturity.ingest.workbook`; it relies on the layout and
the labels defined here.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from maturity.exceptions import InputError
from maturity.ingest.records import _blank, normalise_header
from maturity.io import _neutralize_value as _safe
from maturity.model.load import Model, load_model

__all__ = [
    "write_template",
    "fill_template",
    "questionnaire",
    "HEADER_FIELDS",
    "TABLE_COLUMNS",
    "TABLE_HEADER_ROW",
    "ANSWERS_SHEET",
    "INSTRUCTIONS_SHEET",
]

#: Header block of the ``Answers`` sheet: (key, English label, Chinese label), rows 1-7.
HEADER_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("business_line", "Business line", "业务线"),
    ("wave", "Wave", "评估批次"),
    ("respondent", "Respondent id", "答卷人编号"),
    ("role", "Role", "角色"),
    ("project", "Project", "项目"),
    ("date", "Date", "日期"),
    ("model", "Model", "模型"),
    ("name", "Name", "姓名"),
)
#: Earlier or other labels the reader also accepts.
_OTHER_LABELS = {"respondent": ("Respondent", "答卷人", "Respondent / 答卷人", "Respondent/答卷人",
                                "工号", "答卷人编号(工号)", "Respondent id (e.g. staff number)")}
#: Sheet names by template language (the reader finds the answers by their layout, any name).
SHEET_NAMES = {"en": ("Instructions", "Answers"), "zh": ("填写说明", "答卷"),
               "both": ("Instructions", "Answers")}
#: Question-table header by template language (the reader maps the Chinese names).
_TABLE_ZH = ["问题编号", "过程域", "实践", "问题", "答案", "说明", "证据"]
#: Columns of the question table of the ``Answers`` sheet.
TABLE_COLUMNS = ["question", "process_area", "practice", "text", "answer", "comment", "evidence"]
#: Excel row of the question table's header.
TABLE_HEADER_ROW = 9
ANSWERS_SHEET = "Answers"
INSTRUCTIONS_SHEET = "Instructions"



def _label_key(text: Any) -> str:
    s = unicodedata.normalize("NFKC", "" if text is None else str(text)).strip().rstrip(":：")
    return re.sub(r"\s+", " ", s).casefold()


_LABELS: dict[str, str] = {}
for _key, _en, _zh in HEADER_FIELDS:
    for _v in (_key, _key.replace("_", " "), _en, _zh, f"{_en} / {_zh}", f"{_en}/{_zh}",
               *_OTHER_LABELS.get(_key, ())):
        _LABELS[_label_key(_v)] = _key




def _label(key: str, language: str) -> str:
    en, zh = next((e, z) for k, e, z in HEADER_FIELDS if k == key)
    return {"en": en, "zh": zh}.get(language, f"{en} / {zh}")



def _atomic_save(wb: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".xlsx", dir=path.parent, prefix=f".{path.stem}.")
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_template(
    model: Model | str | os.PathLike[str],
    path: str | os.PathLike[str],
    *,
    language: Literal["en", "zh", "both"] = "en",
    business_line: str | None = None,
    wave: str | None = None,
) -> Path:
    """Write the xlsx workbook a respondent fills in (layout in the module docstring).

    Parameters
    ----------
    model : Model, str or path
        The maturity model (or its id / YAML path).
    path : path
        Where to write the ``.xlsx`` (written atomically).
    language : {"en", "zh", "both"}
        Language of labels, instructions and question texts.
    business_line, wave : str, optional
        Pre-filled header values.

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from maturity.datasets import DATA_DIR
    >>> model = load_model(DATA_DIR.parent / "tests/data/models/tiny-staged.yaml")
    >>> out = write_template(model, pathlib.Path(tempfile.mkdtemp()) / "r1.xlsx", wave="2025-09")
    >>> import openpyxl
    >>> ws = openpyxl.load_workbook(out)["Answers"]
    >>> [ws.cell(r, 1).value for r in range(1, 9)]
    ['Business line', 'Wave', 'Respondent id', 'Role', 'Project', 'Date', 'Model', 'Name']
    >>> ws["B2"].value, ws["A9"].value, ws["A10"].value, ws["E9"].value
    ('2025-09', 'question', 'A.SP1.1.Q1', 'answer')
    """
    import openpyxl

    if language not in ("en", "zh", "both"):
        raise ValueError(f"language must be 'en', 'zh' or 'both', not {language!r}")
    model = load_model(model)
    path = Path(path)
    wb = openpyxl.Workbook()
    choice_ref = _instructions_sheet(wb.active, model, language)
    _answers_sheet(wb.create_sheet(SHEET_NAMES[language][1]), model, language, choice_ref,
                   {"business_line": business_line, "wave": wave, "model": model.id})
    wb.active = 0
    _atomic_save(wb, path)
    return path


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Font, PatternFill

    return {"bold": Font(bold=True), "fill": PatternFill("solid", fgColor="DDEBF7"),
            "input_fill": PatternFill("solid", fgColor="FFF2CC"),
            "wrap": Alignment(wrap_text=True, vertical="top")}


def _both(language: str, en: str, zh: str) -> str:
    return {"en": en, "zh": zh}.get(language, f"{en} / {zh}")


def _instructions_sheet(ins: Any, model: Model, language: str) -> dict[str, str]:
    """The instructions sheet: how to fill the workbook and every answer scale used with its
    codes, labels and drop-down choices; gives scale -> the cells of its drop-down choices."""
    from openpyxl.styles import Font


    st = _styles()
    bold, fill = st["bold"], st["fill"]

    def both(en: str, zh: str) -> str:
        return _both(language, en, zh)

    ins_name, ans_name = SHEET_NAMES[language]
    ins.title = ins_name
    mname = both(model.name, model.name_zh or model.name)
    ident = model.id if str(model.version) in model.id else f"{model.id} {model.version}"
    lines = [
        (both("Self-assessment", "自评问卷") + f": {mname} ({ident})", True),
        ("", False),
        (both(f"1. On sheet {ans_name}, fill in Business line, Wave and Respondent id (cells "
              "B1-B3): the respondent id is unique to the person (e.g. the staff number), so "
              "two people with the same name are not taken as one; write the name in B8. Role, "
              "Project and Date are optional.",
              f"1. 在“{ans_name}”工作表中填写业务线、评估批次和答卷人编号（B1-B3 单元格）："
              "答卷人编号须唯一标识一个人（如工号），同名的两个人不会被当作一人；姓名填在 B8。"
              "角色、项目和日期可选。"), False),
        (both("2. For each question, choose an answer from the drop-down in column E "
              "(answer), e.g. '3 - Largely implemented'. Do not type formulas.",
              "2. 对每个问题，在 E 列（答案）的下拉列表中选择答案，如“3 - 大部分实施”。"
              "请勿输入公式。"), False),
        (both("3. Add a comment and the evidence (document, link) that supports the answer.",
              "3. 填写说明及支持该答案的证据（文档、链接）。"), False),
        (both("4. Leave no answer empty: empty answers are reported as unanswered. Use NA when "
              "the practice does not apply.",
              "4. 请勿留空：空白答案将被报告为未作答。不适用时请选择 NA。"), False),
        (both("5. Do not change the question ids in column A or the sheet names.",
              "5. 请勿修改 A 列的问题编号或工作表名称。"), False),
        ("", False),
    ]
    for text, is_bold in lines:
        ins.append([text])
        if is_bold:
            ins.cell(ins.max_row, 1).font = Font(bold=True, size=14)
    used = list(dict.fromkeys(model.questions["scale"]))
    choice_ref: dict[str, str] = {}  # scale -> the cells of its drop-down choices
    for sid in used:
        sc = model.scales[sid]
        ins.append([both("Scale", "量表") + f" {sid}"])
        ins.cell(ins.max_row, 1).font = bold
        labels = _scale_labels(sc.options, language)
        head = [both("code", "代码"), *labels.keys(), both("drop-down", "下拉选项")]
        ins.append(head)
        for c in range(1, len(head) + 1):
            ins.cell(ins.max_row, c).font = bold
            ins.cell(ins.max_row, c).fill = fill
        first = ins.max_row + 1
        shown = next(iter(labels.values()))
        for k, o in enumerate(sc.options.itertuples(index=False)):
            lab = str(shown[k]).strip()
            choice = f"{o.code} - {lab}" if lab else str(o.code)
            ins.append([_safe(str(o.code)), *(_safe(v[k]) for v in labels.values()),
                        _safe(choice)])
        col = "ABCDEFG"[len(head) - 1]
        choice_ref[sid] = f"'{ins_name}'!${col}${first}:${col}${ins.max_row}"
        ins.append([])
    ins.column_dimensions["A"].width = 110 if language != "zh" else 80
    ins.column_dimensions["B"].width = 40
    ins.column_dimensions["C"].width = 20
    return choice_ref


def _answers_sheet(ws: Any, model: Model, language: str, choice_ref: dict[str, str],
                   preset: dict[str, Any]) -> None:
    """The answers sheet: the header block (``preset`` values filled in), the question table,
    and each answer cell's drop-down of its scale's choices."""
    from openpyxl.worksheet.datavalidation import DataValidation


    st = _styles()
    bold, fill, input_fill, wrap = st["bold"], st["fill"], st["input_fill"], st["wrap"]
    for i, (key, _en, _zh) in enumerate(HEADER_FIELDS, start=1):
        ws.cell(i, 1, _label(key, language)).font = bold
        v = preset.get(key)
        c = ws.cell(i, 2, _safe(v) if v is not None else None)  # text, never a formula
        if key != "model":
            c.fill = input_fill
    for j, name in enumerate(_TABLE_ZH if language == "zh" else TABLE_COLUMNS, start=1):
        c = ws.cell(TABLE_HEADER_ROW, j, name)
        c.font, c.fill = bold, fill
    q = model.questions
    text = {"en": q["text"], "zh": q["text_zh"].where(q["text_zh"] != "", q["text"])}.get(
        language, q["text"] + "\n" + q["text_zh"])
    rows_by_scale: dict[str, list[int]] = {}
    pnames = _practice_names(model, language)
    for k, (qid, pa, pr, sid, tx) in enumerate(
            zip(q["question"], q["process_area"], q["practice"], q["scale"], text, strict=True)):
        r = TABLE_HEADER_ROW + 1 + k
        pr_shown = f"{pr} {pnames[pr]}" if pnames.get(pr) else pr  # the id, then its name
        for j, v in enumerate((qid, pa, pr_shown, str(tx).strip()), start=1):
            ws.cell(r, j, _safe(v))
        ws.cell(r, 4).alignment = wrap
        ws.cell(r, 5).fill = input_fill
        rows_by_scale.setdefault(sid, []).append(r)
    for sid, rows in rows_by_scale.items():
        codes = ",".join(str(c) for c in model.scales[sid].codes)
        # "code - label" choices from the instructions sheet; a typed code or label gets a
        # warning, not a refusal (the reader accepts them)
        dv = DataValidation(type="list", formula1=choice_ref[sid], allow_blank=True,
                            showErrorMessage=True, errorStyle="warning", errorTitle="answer",
                            error=_both(language, f"Choose one of the list (codes {codes})",
                                        f"请从列表中选择（代码 {codes}）"),
                            promptTitle="answer",
                            prompt=_both(language, f"codes {codes}", f"代码 {codes}"),
                            showInputMessage=True)
        for r in rows:
            dv.add(f"E{r}")
        ws.add_data_validation(dv)
    for col, width in zip("ABCDEFG", (16, 10, 14, 70, 10, 40, 40), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = f"B{TABLE_HEADER_ROW + 1}"


def _scale_labels(options: pd.DataFrame, language: str) -> dict[str, list[str]]:
    """The label columns of a scale's table in the template: no empty language column."""
    en = ["" if pd.isna(v) else str(v) for v in options["label"]]
    zh = ["" if pd.isna(v) else str(v) for v in options["label_zh"]]
    has_zh = any(x.strip() for x in zh)
    if language == "en" or (language == "both" and not has_zh):
        return {"label": en}
    if language == "zh":
        return {"标签": [z or e for z, e in zip(zh, en, strict=True)]}
    return {"label": en, "label_zh": zh}


def _practice_names(model: Model, language: str) -> dict[str, str]:
    """Practice id -> name in the template's language (the English name when no Chinese)."""
    p = model.practices
    en = p["name"].fillna("").astype(str)
    zh = p["name_zh"].fillna("").astype(str) if "name_zh" in p else en
    shown = {"en": en, "zh": zh.where(zh != "", en),
             "both": en.where(zh == "", en + " / " + zh)}[language]
    return dict(zip(p["practice"].astype(str), shown, strict=True))


def fill_template(
    path: str | os.PathLike[str],
    answers: Mapping[str, Any] | pd.Series,
    header: Mapping[str, Any] | None = None,
    *,
    comments: Mapping[str, Any] | None = None,
    evidence: Mapping[str, Any] | None = None,
    out: str | os.PathLike[str] | None = None,
) -> Path:
    """Fill a respondent workbook programmatically (sample data, tests, migrations).

    Parameters
    ----------
    path : path
        A workbook written by :func:`write_template`.
    answers : dict or Series
        Question id -> answer (code or label), written to the ``answer`` column as given.
    header : dict, optional
        Header values by key: ``business_line, wave, respondent, role, project, date``.
    comments, evidence : dict, optional
        Question id -> text for the ``comment`` / ``evidence`` columns.
    out : path, optional
        Where to save; default: overwrite ``path`` (atomically).

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    InputError
        A question id or header key that the workbook does not have.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from maturity.datasets import DATA_DIR
    >>> from maturity.ingest.responses import read_responses
    >>> model = load_model(DATA_DIR.parent / "tests/data/models/tiny-staged.yaml")
    >>> p = write_template(model, pathlib.Path(tempfile.mkdtemp()) / "ann.xlsx")
    >>> _ = fill_template(p, {q: "3" for q in model.questions.question},
    ...                   {"business_line": "Retail", "wave": "2025-09"})
    >>> r = read_responses(p, model)
    >>> len(r.responses), r.responses.respondent.unique().tolist(), int(r.responses.row.min())
    (10, ['ann'], 10)
    """
    import openpyxl

    path = Path(path)
    try:
        wb = openpyxl.load_workbook(path)
    except Exception as exc:  # noqa: BLE001
        raise InputError(
            f"{path}: cannot open the template ({type(exc).__name__}: {exc})") from None
    sheet = next((n for _, n in SHEET_NAMES.values() if n in wb.sheetnames), None)
    if sheet is None:
        raise InputError(f"{path}: no sheet {ANSWERS_SHEET!r} (答卷); expected a workbook from "
                         f"write_template")
    ws = wb[sheet]
    label_rows: dict[str, int] = {}
    qrows: dict[str, int] = {}
    cols: dict[str, int] = {}
    in_table = False
    for r in range(1, ws.max_row + 1):
        a = ws.cell(r, 1).value
        if in_table:
            if not _blank(a):
                qrows[str(a).strip()] = r
        elif normalise_header(a) == "question":
            in_table = True
            cols = {normalise_header(ws.cell(r, j).value): j for j in range(1, ws.max_column + 1)}
        else:
            key = _LABELS.get(_label_key(a))
            if key:
                label_rows.setdefault(key, r)
    for key, v in (header or {}).items():
        if key not in label_rows:
            raise InputError(f"{path}: unknown header field {key!r}; expected one of "
                             f"{', '.join(label_rows)}")
        ws.cell(label_rows[key], 2, v)
    for what, mapping in (("answer", answers), ("comment", comments), ("evidence", evidence)):
        if mapping is None:
            continue
        items = mapping.items()
        unknown = [q for q, _ in items if str(q) not in qrows]
        if unknown:
            raise InputError(f"{path}: question(s) not in the template: "
                             f"{', '.join(map(str, unknown[:10]))}")
        for q, v in items:
            ws.cell(qrows[str(q)], cols[what], None if _blank(v) else v)
    target = Path(out) if out is not None else path
    _atomic_save(wb, target)
    return target


def questionnaire(model: Model | str | os.PathLike[str],
                  language: Literal["en", "zh", "both"] = "en") -> pd.DataFrame:
    """The model's questions in form order, for building a form in a survey tool.

    Each text starts with the question id in brackets, so a tool's export maps back with no
    mapping file (``[INIT.SP1.1.Q1] Every proposed project ...``); ``choices`` lists the
    answer options in scale order (an option's number in a wjx 按序号 download is its
    position here).

    Returns
    -------
    pandas.DataFrame
        ``number, question, process_area, practice, text, choices, scale``.

    Examples
    --------
    >>> q = questionnaire("pmo-process", "zh")
    >>> q.loc[0, "text"]
    '[INIT.SP1.1.Q1] 每个拟议项目都有商业论证，说明目标、预期收益、成本和主要风险。'
    >>> q.loc[0, "choices"]
    '未执行 | 临时执行 | 部分实施 | 大部分实施 | 完全实施并制度化 | 不适用'
    """
    model = load_model(model)
    q = model.questions.reset_index(drop=True)

    def pick(en: Any, zh: Any) -> str:
        en, zh = str(en), str(zh) if isinstance(zh, str) and zh.strip() else str(en)
        return {"en": en, "zh": zh}.get(language, f"{en} / {zh}" if zh != en else en)

    choices = {}
    for sid in dict.fromkeys(q["scale"].astype(str)):
        o = model.scales[sid].options
        choices[sid] = " | ".join(pick(a, b) for a, b in zip(o["label"], o["label_zh"],
                                                             strict=True))
    return pd.DataFrame({
        "number": np.arange(1, len(q) + 1),
        "question": q["question"].astype(str),
        "process_area": q["process_area"].astype(str),
        "practice": q["practice"].astype(str),
        "text": ["[" + i + "] " + unicodedata.normalize("NFC", pick(a, b))
                 for i, a, b in zip(q["question"], q["text"], q["text_zh"], strict=True)],
        "choices": [choices[s] for s in q["scale"].astype(str)],
        "scale": q["scale"].astype(str),
    })
