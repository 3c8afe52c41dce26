"""Which question, or which respondent detail, each column of a survey-tool export holds.

Rules, in order (the first that applies decides; a near miss is never guessed):

1. **id in header**: a question id of the model anywhere in the header text, e.g.
   ``[PP.SP1.1.Q1] Estimates are documented`` (what ``maturity template --questionnaire``
   writes, so forms built from it map back by themselves). Two different ids: left out.
2. **metadata**: the header names a respondent detail in English or Chinese (``Business
   line``/``业务线``/``部门``, ``Wave``/``评估批次``, ``Role``/``岗位``/``角色``,
   ``Project``/``项目``), the tool's response id (Forms ``ID``, Qualtrics ``ResponseId``,
   SurveyMonkey ``Respondent ID``, wjx ``序号``, 腾讯 ``编号``) or its submission time (``date``).
3. **exact text**: the header, or the statement part of a grid column (``Question [Row]``,
   ``N(子题)``, ``Parent - Statement``), equals a question's English or Chinese text.
4. **normalised text**: equal after NFKC, case folding and removing whitespace and punctuation.
5. **numbering**: equal after also removing the tool's numbering prefix (``3、``, ``Q3.``,
   ``第3题``, ``(3)``).
6. **mapping file**: a ``column, question`` CSV names the column (a question id, or one of
   ``business_line, wave, role, project, respondent, date``, or ``ignore``).

Everything else is left out with the reason, and a column that looks like a question gets the
closest model texts as suggestions (:func:`difflib.get_close_matches`).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from maturity.exceptions import InputError
from maturity.i18n import N_, _
from maturity.ingest.exports import column_letter, ids_in, key, read_table
from maturity.model.load import Model

__all__ = ["Match", "match_columns", "read_mapping", "normalise_text", "METADATA_FIELDS",
           "MAPPING_COLUMNS"]

#: Respondent details a column can hold.
METADATA_FIELDS = ("business_line", "wave", "respondent", "role", "project", "date")
#: Columns of the mapping frame (``mapping.csv``).
MAPPING_COLUMNS = ["column", "letter", "header", "question", "field", "method", "reason",
                   "suggestions"]

_NAMES: dict[str, tuple[str, ...]] = {
    "business_line": ("business line", "business_line", "line of business", "business unit",
                      "department", "业务线", "部门", "事业部", "业务部门"),
    "wave": ("wave", "survey wave", "assessment wave", "评估批次", "批次", "评估轮次"),
    "role": ("role", "job role", "position", "岗位", "角色", "职位"),
    "project": ("project", "project name", "项目", "项目名称"),
    "respondent": ("respondent", "respondent id", "答卷人"),
    "date": ("date", "日期"),
}
#: The tool's own response id and submission time columns.
_TOOL_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "msforms": {"respondent": ("id",), "date": ("completion time", "完成时间")},
    "googleforms": {"date": ("timestamp", "时间戳记", "时间戳")},
    "qualtrics": {"respondent": ("responseid", "response id"),
                  "date": ("recordeddate", "recorded date")},
    "surveymonkey": {"respondent": ("respondent id",), "date": ("end date",)},
    "wjx": {"respondent": ("序号",), "date": ("提交答卷时间",)},
    "tencent": {"respondent": ("编号",), "date": ("结束答题时间",)},
    "wide": {},
}
#: The tools' other bookkeeping columns (never answers).
_TOOL_COLUMNS = {
    "msforms": ("start time", "email", "name", "last modified time", "开始时间", "电子邮件",
                "名称", "上次修改时间", "总分", "total points", "quiz feedback"),
    "googleforms": ("email address", "电子邮件地址", "score", "分数"),
    "qualtrics": ("startdate", "enddate", "status", "ipaddress", "progress",
                  "duration (in seconds)", "finished", "recipientlastname", "recipientfirstname",
                  "recipientemail", "externalreference", "locationlatitude", "locationlongitude",
                  "distributionchannel", "userlanguage"),
    "surveymonkey": ("collector id", "start date", "ip address", "email address", "first name",
                     "last name", "custom data 1"),
    "wjx": ("所用时间", "来源", "来源详情", "来自ip", "总分"),
    "tencent": ("开始答题时间", "答题时长", "地理位置", "自定义字段"),
    "wide": (),
}
_NUMBERING = re.compile(r"^\s*(?:第\s*\d+\s*题|Q\s*\d+(?:\.\d+)*|\d+(?:\.\d+)*|[(（]\s*\d+\s*[)）])"
                        r"\s*[、．.:：)）\]\s-]*", re.IGNORECASE)
_PART = re.compile(r"^(?P<parent>.*?)\s*(?:\[(?P<sq>[^\[\]]+)\]|[(（](?P<pa>[^()（）]+)[)）])\s*$")

METHODS = (N_("id in header"), N_("metadata"), N_("exact text"), N_("normalised text"),
           N_("numbering"), N_("mapping file"))


def normalise_text(text: Any, numbering: bool = False) -> str:
    """A text reduced for comparison: NFKC, case folded, only letters and digits kept; with
    ``numbering=True`` the tool's numbering prefix (``3、``, ``Q3.``, ``第3题``) goes first.

    Examples
    --------
    >>> normalise_text("  Estimates   are documented. ")
    'estimatesaredocumented'
    >>> normalise_text("3、估算已记录。", numbering=True), normalise_text("Q12. A-b", True)
    ('估算已记录', 'ab')
    """
    s = unicodedata.normalize("NFKC", "" if text is None else str(text)).strip()
    if numbering:
        s = _NUMBERING.sub("", s, count=1)
    return "".join(ch for ch in s.casefold() if ch.isalnum())


def _candidates(headers: list[str]) -> list[str]:
    """Texts of a column that can be a question's text: the header, and the statement part of
    a grid column (``Question [Row]``, ``N(子题)``, ``Parent - Statement``); for several header
    rows (Qualtrics, SurveyMonkey) each row's text too."""
    out: list[str] = []
    for h in headers:
        if not h:
            continue
        out.append(h)
        m = _PART.match(h)
        if m:
            out.append(m.group("sq") or m.group("pa"))
        if " - " in h:
            out.append(h.rsplit(" - ", 1)[1])
    return list(dict.fromkeys(t.strip() for t in out if t.strip()))


@dataclass(frozen=True)
class Match:
    """How one export column was read: ``question`` or ``field`` set, or neither (left out)."""

    column: int
    header: str
    question: str = ""
    field: str = ""
    method: str = ""
    reason: str = ""
    suggestions: str = ""


class _Texts:
    """The model's question texts by exact, normalised and numbering-free key."""

    def __init__(self, model: Model, language: str) -> None:
        q = model.questions
        cols = {"en": ["text"], "zh": ["text_zh"]}.get(language, ["text", "text_zh"])
        self.exact: dict[str, set[str]] = {}
        self.norm: dict[str, set[str]] = {}
        self.shown: dict[str, str] = {}
        for c in cols:
            for qid, t in zip(q["question"].astype(str), q[c].astype(str), strict=True):
                if not t.strip() or t == "nan":
                    continue
                self.exact.setdefault(unicodedata.normalize("NFKC", t).strip(), set()).add(qid)
                self.norm.setdefault(normalise_text(t), set()).add(qid)
                self.shown.setdefault(normalise_text(t), f"{qid}: {t}")

    def find(self, texts: list[str]) -> tuple[set[str], str]:
        for method, look in (("exact text", lambda t: self.exact.get(
                unicodedata.normalize("NFKC", t).strip(), set())),
                ("normalised text", lambda t: self.norm.get(normalise_text(t), set())),
                ("numbering", lambda t: self.norm.get(normalise_text(t, True), set()))):
            for t in texts:
                hit = look(t)
                if hit:
                    return hit, method
        return set(), ""

    def suggest(self, texts: list[str]) -> str:
        keys = [normalise_text(t, True) for t in texts if normalise_text(t, True)]
        found: list[str] = []
        for k in keys:
            found += difflib.get_close_matches(k, list(self.shown), n=3, cutoff=0.6)
        return " | ".join(self.shown[k] for k in list(dict.fromkeys(found))[:3])


def read_mapping(path: str | Path | None) -> dict[str, str]:
    """A mapping file's ``column -> question or field`` (keys as :func:`key` folds them).

    The file is a CSV with columns ``column, question`` (UTF-8 or GB18030). ``question`` is a
    question id, a field (``business_line, wave, role, project, respondent, date``) or
    ``ignore``.
    """
    if path is None:
        return {}
    t = read_table(path)
    head = [key(h) for h in t.headers[0]]
    if "column" not in head or "question" not in head:
        raise InputError(_("{path}: a mapping file needs the columns column, question; found "
                           "{found}").format(path=path, found=", ".join(t.headers[0])))
    ci, qi = head.index("column"), head.index("question")
    out = {}
    for r in t.rows:
        c = "" if r[ci] is None else str(r[ci]).strip()
        if c:
            out[key(c)] = "" if r[qi] is None else str(r[qi]).strip()
    return out


def match_columns(headers: list[list[str]], model: Model, fmt: str, *,
                  mapping: dict[str, str] | None = None, language: str = "auto") -> list[Match]:
    """How each column of an export is read (see the module's rules).

    ``headers`` holds the export's header rows (one for most tools, two for SurveyMonkey, three
    for Qualtrics). Returns one :class:`Match` per column, in column order.

    Examples
    --------
    >>> from maturity.model.load import load_model
    >>> m = load_model("pmo-process")
    >>> text = m.questions.loc[0, "text_zh"]
    >>> hs = [["序号", "业务线", "1、" + text, "[INIT.SP1.2.Q1] Projects approved", "Hobby"]]
    >>> [(x.question or x.field, x.method) for x in match_columns(hs, m, "wjx")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('respondent', 'metadata'), ('business_line', 'metadata'), ('INIT.SP1.1.Q1', 'numbering'),
     ('INIT.SP1.2.Q1', 'id in header'), ('', '')]
    """
    mapping = mapping or {}
    ids = set(model.questions["question"].astype(str))
    texts = _Texts(model, language)
    tool_fields = _TOOL_FIELDS.get(fmt, {})
    tool_cols = set(_TOOL_COLUMNS.get(fmt, ()))
    width = max(len(r) for r in headers)
    columns = _fill_parents(headers, fmt, width)
    out: list[Match] = []
    taken: set[str] = set()
    for j, hs in enumerate(columns):
        shown = " / ".join(h for h in hs if h)
        out.append(_one(j, hs, shown, ids, texts, tool_fields, tool_cols, mapping, taken))
    return out


def _fill_parents(headers: list[list[str]], fmt: str, width: int) -> list[list[str]]:
    """Each column's header texts. SurveyMonkey writes a question's text above its first column
    only: the following columns (with a sub-question below) get it too."""
    rows = [list(r) + [""] * (width - len(r)) for r in headers]
    if fmt == "surveymonkey" and len(rows) == 2:
        parent = ""
        for j in range(width):
            if rows[0][j]:
                parent = rows[0][j]
            elif rows[1][j]:
                rows[0][j] = parent
        rows[1] = ["" if key(v) in ("response", "open-ended response") else v for v in rows[1]]
        # a grid column is read by its statement first (the question text is the parent's)
        return [[rows[1][j], rows[0][j]] if rows[1][j] else [rows[0][j]] for j in range(width)]
    if fmt == "qualtrics" and len(rows) == 3:
        return [[rows[1][j], rows[0][j], rows[2][j]] for j in range(width)]
    return [[r[j] for r in rows] for j in range(width)]


def _phrased(header: str, word: str) -> bool:
    """Whether a short header ends with a field's name (``您所在的业务线``, ``Your role``)."""
    if not word.isascii():
        return header.endswith(word) and len(header) <= len(word) + 5
    return header.endswith(" " + word) and len(header.split()) <= len(word.split()) + 3


def _field_of(names: list[str], tool_fields: dict[str, tuple[str, ...]]) -> str:
    for h in names:
        k = key(h)
        kn = key(_NUMBERING.sub("", h, count=1)).rstrip(" ?？:：.。*（）()")
        for f, words in tool_fields.items():
            if k in words:
                return f
        for f, words in _NAMES.items():
            if k in words or kn in words:
                return f
            # phrasings such as 您所在的业务线 / 所属部门 / Your role / Which business line
            if f != "date" and any(_phrased(kn, w) for w in words):
                return f
    return ""


def _one(j: int, hs: list[str], shown: str, ids: set[str], texts: _Texts,
         tool_fields: dict[str, tuple[str, ...]], tool_cols: set[str], mapping: dict[str, str],
         taken: set[str]) -> Match:
    if not shown:
        return Match(j, "", reason=_("no header text"))
    found = list(dict.fromkeys(i for h in hs for i in ids_in(h, ids)))
    if len(found) == 1:
        return Match(j, shown, question=found[0], method="id in header")
    if len(found) > 1:
        return Match(j, shown, reason=_("header names several question ids ({ids}); keep one")
                     .format(ids=", ".join(found)))
    field = _field_of(hs, tool_fields)
    if field and field not in taken:
        taken.add(field)
        return Match(j, shown, field=field, method="metadata")
    cands = _candidates(hs)
    hit, method = texts.find(cands)
    if len(hit) == 1:
        return Match(j, shown, question=next(iter(hit)), method=method)
    mapped = next((mapping[key(h)] for h in [shown, *hs] if key(h) in mapping), None)
    if mapped is not None:
        return _mapped(j, shown, mapped, ids, taken)
    if len(hit) > 1:
        return Match(j, shown, reason=_("text matches several questions ({ids}); put the id in "
                                        "the header or name it in --mapping")
                     .format(ids=", ".join(sorted(hit))))
    if field:
        return Match(j, shown, reason=_("a second {field} column; the first one is used")
                     .format(field=field))
    if any(key(h) in tool_cols for h in hs):
        return Match(j, shown, reason=_("the survey tool's own column, not an answer"))
    return Match(j, shown, reason=_("no question of the model has this text or id; name it in "
                                    "--mapping (column, question) if it is one"),
                 suggestions=texts.suggest(cands))


def _mapped(j: int, shown: str, target: str, ids: set[str], taken: set[str]) -> Match:
    t = target.strip()
    if t in ids:
        return Match(j, shown, question=t, method="mapping file")
    f = t.lower().replace(" ", "_")
    if f in METADATA_FIELDS and f not in taken:
        taken.add(f)
        return Match(j, shown, field=f, method="mapping file")
    if f in ("", "ignore", "skip"):
        return Match(j, shown, reason=_("ignored by the mapping file"))
    raise InputError(_("mapping file: column {col!r} is mapped to {t!r}, which is neither a "
                       "question id of the model nor one of {fields} (or ignore)").format(
                           col=shown, t=target, fields=", ".join(METADATA_FIELDS)))


def mapping_frame(matches: list[Match]) -> pd.DataFrame:
    """The ``mapping.csv`` frame of a list of matches (columns :data:`MAPPING_COLUMNS`)."""
    return pd.DataFrame([{"column": m.column + 1, "letter": column_letter(m.column),
                          "header": m.header, "question": m.question, "field": m.field,
                          "method": m.method, "reason": m.reason,
                          "suggestions": m.suggestions} for m in matches],
                        columns=MAPPING_COLUMNS)
