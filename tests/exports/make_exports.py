"""Write one realistic survey-tool export per tool, from answers drawn with a seeded generator.

Each export follows its tool's public download conventions (see :mod:`maturity.ingest.exports`):
header text rather than positions, question columns out of the model's order, skipped answers,
a grid (matrix) question, English and Chinese texts. :func:`make_exports` returns, for every
tool, the file and the answers drawn: one row per (respondent, question) with the code
expected after import, or the kind of rejection expected (``unanswered``, ``multi``).

``python tests/exports/make_exports.py DIR`` writes them into DIR;
``python tests/exports/make_exports.py --sample data/exports`` writes the two exports of the
sample company that notebook 07 reads (:func:`sample_exports`).
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from maturity.model.load import load_model

MODEL = "pmo-process"
CODES = ["0", "1", "2", "3", "4", "NA"]
LINES = ["Retail", "Corporate", "Operations"]
LINES_ZH = ["零售业务部", "公司业务部", "运营部"]


def _draw(rng: np.random.Generator, n_resp: int, questions: list[str],
          skip: float = 0.12) -> pd.DataFrame:
    """Answers drawn per (respondent index, question): a code or '' (skipped)."""
    rows = []
    for r in range(n_resp):
        level = rng.integers(0, 5)  # a respondent answers around a level
        for q in questions:
            if rng.random() < skip:
                code = ""
            elif rng.random() < 0.05:
                code = "NA"
            else:
                code = str(int(np.clip(level + rng.integers(-1, 2), 0, 4)))
            rows.append({"r": r, "question": q, "code": code})
    return pd.DataFrame(rows)


def _labels(lang: str) -> dict[str, str]:
    o = load_model(MODEL).scales["likert-0-4"].options
    col = "label" if lang == "en" else "label_zh"
    return dict(zip(o["code"].astype(str), o[col].astype(str), strict=True))


def _texts(lang: str) -> dict[str, str]:
    q = load_model(MODEL).questions
    return dict(zip(q["question"], q["text" if lang == "en" else "text_zh"], strict=True))


def _pick(rng: np.random.Generator, n: int) -> list[str]:
    qs = load_model(MODEL).questions["question"].tolist()
    return [qs[i] for i in sorted(rng.choice(len(qs), size=n, replace=False))]


def _expected(draw: pd.DataFrame, ids: list[str], lines: list[str]) -> pd.DataFrame:
    out = draw.copy()
    out["respondent"] = [ids[r] for r in out["r"]]
    out["business_line"] = [lines[r] for r in out["r"]]
    out["expect"] = np.where(out["code"] == "", "unanswered", "answer")
    return out.drop(columns="r")


def _write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> None:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)


def _xlsx(path: Path, rows: list[list[object]]) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for r in rows:
        ws.append(r)
    wb.save(path)


def msforms(out: Path, rng: np.random.Generator) -> tuple[Path, pd.DataFrame]:
    """Microsoft Forms xlsx, English: anonymous Email, the Likert grid's statements as their
    own columns (parent text dropped), question columns out of order."""
    qs = _pick(rng, 8)
    n = 6
    draw = _draw(rng, n, qs)
    lab, txt = _labels("en"), _texts("en")
    lines = [LINES[i % 3] for i in range(n)]
    order = list(rng.permutation(qs))
    head = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
            "Business line", *[txt[q] for q in order], "Any other comments?"]
    rows = [head]
    t0 = datetime(2026, 3, 2, 9, 0, 0)
    for r in range(n):
        a = draw[draw.r == r].set_index("question")["code"]
        start = t0 + timedelta(hours=r)
        rows.append([r + 1, start, start + timedelta(minutes=12), "anonymous", None, None,
                     lines[r], *[lab[a[q]] if a[q] else None for q in order],
                     "none" if r % 2 else None])
    path = out / "msforms.xlsx"
    _xlsx(path, rows)
    return path, _expected(draw, [str(i + 1) for i in range(n)], lines)


def googleforms(out: Path, rng: np.random.Generator) -> tuple[Path, pd.DataFrame]:
    """Google Forms CSV, English: Timestamp, Email address, a Wave and a Business line question,
    a grid ``Question [Row]``, one checkbox-style answer joined with ', '."""
    qs = _pick(rng, 8)
    n = 5
    draw = _draw(rng, n, qs)
    lab, txt = _labels("en"), _texts("en")
    lines = [LINES[(i + 1) % 3] for i in range(n)]
    grid, single = qs[:4], list(rng.permutation(qs[4:]))
    parent = "How far is each practice implemented in your line?"
    head = ["Timestamp", "Email address", "Wave", "Business line", "Your role",
            *[f"{parent} [{txt[q]}]" for q in grid], *[txt[q] for q in single]]
    rows: list[list[object]] = [head]
    draw["multi"] = False
    for r in range(n):
        a = draw[draw.r == r].set_index("question")["code"]
        cells = [lab[a[q]] if a[q] else "" for q in grid + single]
        if r == 2:  # a checkbox question: two options joined with ", "
            cells[0] = f"{lab['2']}, {lab['3']}"
            draw.loc[(draw.r == r) & (draw.question == grid[0]), "multi"] = True
        rows.append([f"2026/03/0{r + 1} 10:1{r}:00", f"user{r}@example.com", "2026-03",
                     lines[r], "PM", *cells])
    path = out / "googleforms.csv"
    _write_csv(path, rows)
    exp = _expected(draw, [f"row{i + 2}" for i in range(n)], lines)
    exp.loc[exp.pop("multi"), "expect"] = "multi"
    return path, exp


def qualtrics(out: Path, rng: np.random.Generator) -> tuple[Path, pd.DataFrame]:
    """Qualtrics CSV: three header rows (field ids, texts, import ids), a matrix question whose
    texts read ``Parent - Statement``, the business line as a question (Q1)."""
    qs = _pick(rng, 6)
    n = 5
    draw = _draw(rng, n, qs)
    lab, txt = _labels("en"), _texts("en")
    lines = [LINES[i % 2] for i in range(n)]
    meta = [("StartDate", "Start Date", '{"ImportId":"startDate","timezone":"America/Denver"}'),
            ("EndDate", "End Date", '{"ImportId":"endDate","timezone":"America/Denver"}'),
            ("Status", "Response Type", '{"ImportId":"status"}'),
            ("IPAddress", "IP Address", '{"ImportId":"ipAddress"}'),
            ("Progress", "Progress", '{"ImportId":"progress"}'),
            ("Duration (in seconds)", "Duration (in seconds)", '{"ImportId":"duration"}'),
            ("Finished", "Finished", '{"ImportId":"finished"}'),
            ("RecordedDate", "Recorded Date",
             '{"ImportId":"recordedDate","timezone":"America/Denver"}'),
            ("ResponseId", "Response ID", '{"ImportId":"_recordId"}'),
            ("Q1", "Business line", '{"ImportId":"QID1"}')]
    matrix, single = qs[:3], qs[3:]
    cols = [(f"Q3_{k + 1}", f"Rate each practice - {txt[q]}", f'{{"ImportId":"QID3_{k + 1}"}}')
            for k, q in enumerate(matrix)]
    cols += [(f"Q{k + 4}", txt[q], f'{{"ImportId":"QID{k + 4}"}}') for k, q in enumerate(single)]
    order = [0, 1, 2, 3, 4, 5]
    rng.shuffle(order)
    cols = [cols[i] for i in order]
    qcols = [(matrix + single)[i] for i in order]
    rows: list[list[object]] = [[c[i] for c in meta + cols] for i in range(3)]
    ids = [f"R_{''.join(rng.choice(list('abcdefghijkmnpqrstuvwxyzABCDEFGH23456789'), 15))}"
           for _ in range(n)]
    for r in range(n):
        a = draw[draw.r == r].set_index("question")["code"]
        t = f"2026-03-0{r + 1} 08:00:00"
        rows.append([t, t, "IP Address", "203.0.113.7", 100, 300, "True", t, ids[r], lines[r],
                     *[lab[a[q]] if a[q] else "" for q in qcols]])
    path = out / "qualtrics.csv"
    _write_csv(path, rows)
    return path, _expected(draw, ids, lines)


def surveymonkey(out: Path, rng: np.random.Generator) -> tuple[Path, pd.DataFrame]:
    """SurveyMonkey CSV: two header rows, a matrix question's text above its first column only
    and its statements in the second row, single questions with ``Response`` below."""
    qs = _pick(rng, 7)
    n = 5
    draw = _draw(rng, n, qs)
    lab, txt = _labels("en"), _texts("en")
    lines = [LINES[(i + 2) % 3] for i in range(n)]
    meta = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
            "Email Address", "First Name", "Last Name", "Custom Data 1"]
    matrix, single = qs[:3], list(rng.permutation(qs[3:]))
    h1 = [*meta, "Business line", *[txt[q] for q in single],
          "How well is each practice implemented?", "", ""]
    h2 = [""] * len(meta) + ["Response"] * (1 + len(single)) + [txt[q] for q in matrix]
    rows: list[list[object]] = [h1, h2]
    ids = [str(11400000001 + 7 * i) for i in range(n)]
    for r in range(n):
        a = draw[draw.r == r].set_index("question")["code"]
        rows.append([ids[r], "405011234", "03/02/2026 09:00:00 AM", "03/02/2026 09:15:00 AM",
                     "198.51.100.3", "", "", "", "", lines[r],
                     *[lab[a[q]] if a[q] else "" for q in single + matrix]])
    path = out / "surveymonkey.csv"
    _write_csv(path, rows)
    return path, _expected(draw, ids, lines)


def _wjx_head(qs: list[str], txt: dict[str, str]) -> tuple[list[str], list[str]]:
    """wjx headers: ``N、题干`` for single questions, ``N(子题)`` for a matrix's rows."""
    single, matrix = qs[:-3], qs[-3:]
    head = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "1、您所在的业务线"]
    head += [f"{k + 2}、{txt[q]}" for k, q in enumerate(single)]
    head += [f"{len(single) + 2}({txt[q]})" for q in matrix]
    return head, single + matrix


def wjx(out: Path, rng: np.random.Generator) -> tuple[Path, pd.DataFrame]:
    """问卷星 按文本 download as a GB18030 CSV: Chinese labels, ``(跳过)`` for skips, one
    multi-select cell joined with ``┋``."""
    qs = list(rng.permutation(_pick(rng, 8)))
    n = 6
    draw = _draw(rng, n, qs)
    lab, txt = _labels("zh"), _texts("zh")
    lines = [LINES_ZH[i % 3] for i in range(n)]
    head, cols = _wjx_head(qs, txt)
    rows: list[list[object]] = [head]
    draw["multi"] = False
    for r in range(n):
        a = draw[draw.r == r].set_index("question")["code"]
        cells = [lab[a[q]] if a[q] else "(跳过)" for q in cols]
        if r == 4:
            cells[1] = f"{lab['2']}┋{lab['3']}"
            draw.loc[(draw.r == r) & (draw.question == cols[1]), "multi"] = True
        rows.append([r + 1, f"2026/3/{r + 2} 14:0{r}:00", f"{200 + r}秒", "手机提交", "直接访问",
                     f"10.0.0.{r + 1}(上海-上海)", lines[r], *cells])
    path = out / "wjx.csv"
    _write_csv(path, rows, encoding="gb18030")
    exp = _expected(draw, [str(i + 1) for i in range(n)], lines)
    exp.loc[exp.pop("multi"), "expect"] = "multi"
    return path, exp


def wjx_numbers(out: Path, rng: np.random.Generator) -> tuple[Path, pd.DataFrame]:
    """问卷星 按序号 download as legacy .xls: option numbers (1 = the scale's first option),
    ``-3`` skipped, ``-2`` not shown."""
    import xlwt

    qs = list(rng.permutation(_pick(rng, 6)))
    n = 5
    draw = _draw(rng, n, qs)
    txt = _texts("zh")
    lines = [LINES_ZH[(i + 1) % 3] for i in range(n)]
    head, cols = _wjx_head(qs, txt)
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    for j, h in enumerate(head):
        ws.write(0, j, h)
    for r in range(n):
        a = draw[draw.r == r].set_index("question")["code"]
        vals = [r + 1, f"2026/3/{r + 2} 14:00:00", "180秒", "链接", "直接访问", "10.0.0.9",
                lines[r]]
        vals += [CODES.index(a[q]) + 1 if a[q] else (-2 if (r + k) % 4 == 0 else -3)
                 for k, q in enumerate(cols)]
        for j, v in enumerate(vals):
            ws.write(r + 1, j, v)
    path = out / "wjx_numbers.xls"
    wb.save(str(path))
    return path, _expected(draw, [str(i + 1) for i in range(n)], lines)


def tencent(out: Path, rng: np.random.Generator) -> tuple[Path, pd.DataFrame]:
    """腾讯问卷 xlsx: ``编号``, ``开始答题时间``..., Chinese texts numbered ``Q3.``, answers as
    our codes."""
    qs = list(rng.permutation(_pick(rng, 6)))
    n = 4
    draw = _draw(rng, n, qs)
    txt = _texts("zh")
    lines = [LINES_ZH[i % 3] for i in range(n)]
    head = ["编号", "开始答题时间", "结束答题时间", "答题时长", "地理位置", "自定义字段", "Q1.部门",
            *[f"Q{k + 2}.{txt[q]}" for k, q in enumerate(qs)]]
    rows: list[list[object]] = [head]
    for r in range(n):
        a = draw[draw.r == r].set_index("question")["code"]
        rows.append([r + 1, "2026-03-05 10:00:00", "2026-03-05 10:20:00", "20分钟", "中国 北京",
                     "", lines[r], *[a[q] if a[q] else None for q in qs]])
    path = out / "tencent.xlsx"
    _xlsx(path, rows)
    return path, _expected(draw, [str(i + 1) for i in range(n)], lines)


def wide(out: Path, rng: np.random.Generator) -> tuple[Path, pd.DataFrame]:
    """A plain wide CSV: respondent, business line and wave columns, question ids as headers,
    answers as codes."""
    qs = list(rng.permutation(_pick(rng, 6)))
    n = 4
    draw = _draw(rng, n, qs)
    lines = [LINES[i % 3] for i in range(n)]
    rows: list[list[object]] = [["respondent", "business_line", "wave", *qs]]
    for r in range(n):
        a = draw[draw.r == r].set_index("question")["code"]
        rows.append([f"p{r + 1}", lines[r], "2026-03", *[a[q] for q in qs]])
    path = out / "wide.csv"
    _write_csv(path, rows)
    return path, _expected(draw, [f"p{i + 1}" for i in range(n)], lines)


TOOLS = {"msforms": msforms, "googleforms": googleforms, "qualtrics": qualtrics,
         "surveymonkey": surveymonkey, "wjx": wjx, "wjx_numbers": wjx_numbers,
         "tencent": tencent, "wide": wide}


def make_exports(out: str | Path, seed: int = 0) -> dict[str, tuple[Path, pd.DataFrame]]:
    """Write every tool's export into ``out``; {tool: (file, answers drawn)}."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    made = {}
    for k, (name, fn) in enumerate(TOOLS.items()):
        path, exp = fn(out, np.random.default_rng([seed, k]))
        made[name] = (path, exp.reset_index(drop=True))
    (out / "drawn.json").write_text(json.dumps(
        {k: v[1].to_dict("records") for k, v in made.items()}, ensure_ascii=False, indent=0),
        encoding="utf-8")
    return made




# --------------------------------------------------------------------------------------------
# data/exports/: the sample company's March 2026 PMO answers as two tools would export them


def sample_exports(out: str | Path, seed: int = 20260301) -> dict[str, Path]:
    """Write ``forms_2026-03.xlsx`` (Microsoft Forms, English: bank-delivery and
    ecommerce-platform) and ``wjx_2026-03.csv`` (问卷星 按文本, GB18030: government-projects)
    from ``data/pmo/2026-03.csv``, with the question columns shuffled (seeded)."""
    from maturity.datasets import data_path

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    long = pd.read_csv(data_path("pmo/2026-03.csv"), dtype=str, keep_default_na=False)
    qs = load_model(MODEL).questions["question"].tolist()

    def wide_of(lines: list[str]) -> pd.DataFrame:
        part = long[long["business_line"].isin(lines)]
        w = part.pivot(index="respondent", columns="question", values="answer")
        meta = part.groupby("respondent")[["business_line", "role", "project", "date"]].first()
        return meta.join(w[qs]).reset_index()

    lab, txt = _labels("en"), _texts("en")
    forms = wide_of(["bank-delivery", "ecommerce-platform"])
    order = [qs[i] for i in rng.permutation(len(qs))]
    rows: list[list[object]] = [["ID", "Start time", "Completion time", "Email", "Name",
                                 "Last modified time", "Business line", "Role", "Project",
                                 *[txt[q] for q in order], "Anything else you want to tell us?"]]
    for i, a in enumerate(forms.to_dict("records")):
        done = datetime.fromisoformat(a["date"]) + timedelta(hours=9, minutes=7 * i)
        rows.append([i + 1, done - timedelta(minutes=25), done, "anonymous", None, None,
                     a["business_line"], a["role"], a["project"], *[lab[a[q]] for q in order],
                     None])
    _xlsx(out / "forms_2026-03.xlsx", rows)

    lab, txt = _labels("zh"), _texts("zh")
    wjx_ = wide_of(["government-projects"])
    order = [qs[i] for i in rng.permutation(len(qs))]
    single, grid = order[:-4], order[-4:]
    head = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "1、您所在的业务线",
            "2、您的岗位", *[f"{k + 3}、{txt[q]}" for k, q in enumerate(single)],
            *[f"{len(single) + 3}({txt[q]})" for q in grid]]
    rows = [head]
    for i, a in enumerate(wjx_.to_dict("records")):
        rows.append([i + 1, f"{a['date'].replace('-', '/')} 15:{10 + i}:00",
                     f"{600 + 37 * i}秒", "微信", "N/A", f"10.1.{i}.8(北京-北京)",
                     a["business_line"], a["role"], *[lab[a[q]] for q in single + grid]])
    _write_csv(out / "wjx_2026-03.csv", rows, encoding="gb18030")
    return {"forms": out / "forms_2026-03.xlsx", "wjx": out / "wjx_2026-03.csv"}


if __name__ == "__main__":
    if sys.argv[1:2] == ["--sample"]:
        sample_exports(sys.argv[2] if len(sys.argv) > 2 else "data/exports")
    else:
        make_exports(sys.argv[1] if len(sys.argv) > 1 else "exports")
