#!/usr/bin/env python
"""Generate the sample company "Huaxin Tech" (华信科技), a fictional IT services firm.

Run from the top of the checkout::

    python data/make_sample.py            # rewrites data/
    python data/make_sample.py --out DIR  # writes the same files under DIR

The script is seeded (``np.random.default_rng(20250301)``), uses no network and writes
byte-identical files on every run (CSV with ``\\n`` line ends; workbooks with fixed timestamps).
``data/swot.csv`` is not written here (it is maintained by hand).

Answers come from a latent maturity ``theta`` per business line and wave: the expected share
of the scale reached on a practice of difficulty ``D`` is ``1 / (1 + exp(-k (theta - D + 0.5)))``,
where ``D`` is the process area's staged level (plus an offset for generic practices, GG3 above
GG2, a small fixed jitter per practice and a few line-specific strengths and weaknesses). Each
respondent adds a persistent bias N(0, 0.3) (plus a small role effect), each project a small
effect, each answer noise; the result is snapped to the nearest code of the question's scale.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python data/make_sample.py` from a checkout without install
    sys.path.insert(0, str(ROOT))

SEED = 20250301
WAVES = ["2025-03", "2025-09", "2026-03"]
CMMI = "cmmi-dev-1.3"
PMO = "pmo-process"
SECURE = "secure-dev"
RESPONSE_COLUMNS = [
    "wave", "business_line", "respondent", "role", "project", "date",
    "question", "answer", "comment", "evidence",
]
#: Fixed timestamp written into every workbook (zip entries and document properties).
XLSX_TIME = (2026, 3, 20, 9, 0, 0)

# --------------------------------------------------------------------------------------------
# The company
# --------------------------------------------------------------------------------------------
BUSINESS_LINES = pd.DataFrame(
    [
        ("bank-delivery", "Bank Delivery", "银行交付",
         "Financial Services", 120, 3, 3, "Zhang Wei"),
        ("insurance-solutions", "Insurance Solutions", "保险解决方案",
         "Financial Services", 80, 4, 2, "Li Na"),
        ("government-projects", "Government Projects", "政府项目",
         "Public Sector", 60, 5, 3, "Wang Jianguo"),
        ("managed-services", "Managed Services", "运维服务",
         "Public Sector", 90, 2, 2, "Zhao Min"),
        ("ecommerce-platform", "E-commerce Platform", "电商平台",
         "Digital", 150, 3, 1, "Chen Hao"),
        ("data-analytics", "Data Analytics", "数据分析",
         "Digital", 40, 2, 1, "Liu Yang"),
        ("internal-tools", "Internal Tools", "内部工具",
         "Digital", 25, 1, 0, "Sun Li"),
    ],
    columns=["business_line", "name", "name_zh", "group", "headcount", "complexity",
             "customer_strictness", "director"],
)

#: Respondent id prefix, respondents per wave (min, max), projects of each line.
LINE_SETUP: dict[str, tuple[str, tuple[int, int], list[str]]] = {
    "bank-delivery": ("bd", (14, 16), ["core-banking-upgrade", "mobile-banking", "payments-hub"]),
    "insurance-solutions": ("is", (11, 13), ["claims-platform", "policy-admin", "agent-portal"]),
    "government-projects": ("gp", (9, 11), ["e-permit", "social-security", "tax-portal"]),
    "managed-services": ("ms", (12, 14), ["datacenter-ops", "service-desk"]),
    "ecommerce-platform": ("ec", (16, 18),
                           ["storefront", "order-management", "recommendation", "logistics"]),
    "data-analytics": ("da", (7, 8), ["customer-360", "bi-reporting"]),
    "internal-tools": ("it", (5, 6), ["hr-portal", "devops-tooling"]),
}

#: Latent maturity per line and wave (2025-03, 2025-09, 2026-03).
#: Roughly: below 2.3 gives ML1, 2.5-3.3 ML2, 3.6 and above ML3.
THETA: dict[str, tuple[float, float, float]] = {
    "bank-delivery": (2.95, 3.25, 3.7),        # strict bank clients; steady improvement to ML3
    "insurance-solutions": (2.75, 2.75, 2.8),  # flat at ML2
    "government-projects": (2.6, 2.9, 3.25),  # audited; ML2 moving toward ML3
    "managed-services": (2.95, 2.85, 2.75),    # slight decline (staff turnover), still ML2
    "ecommerce-platform": (1.7, 2.25, 2.75),   # ML1 -> ML2 over the waves
    "data-analytics": (1.75, 1.75, 1.8),       # flat ML1
    "internal-tools": (1.2, 1.2, 1.25),        # flat ML1, no external customer
}

#: Line-specific strengths (+) and weaknesses (-) in latent units, per process area.
LINE_PA_EFFECT: dict[str, dict[str, float]] = {
    "bank-delivery": {"CM": 0.3, "PPQA": 0.2, "DAR": -0.2},
    "government-projects": {"PPQA": 0.35, "REQM": 0.2, "MA": -0.15},
    "insurance-solutions": {"RD": 0.25, "MA": -0.1},
    "managed-services": {"CM": 0.25, "RD": -0.3, "TS": -0.3},
    "ecommerce-platform": {"TS": 0.4, "PI": 0.35, "PPQA": -0.1},
    "data-analytics": {"MA": 0.6, "DAR": 0.3},
    "internal-tools": {"CM": 0.4},
}
#: Lines without external suppliers answer SAM mostly "not applicable".
NO_SUPPLIERS = {"data-analytics", "internal-tools"}

ROLES = ["line director", "project manager", "developer", "QA", "BA"]
ROLE_EFFECT = {"line director": 0.25, "project manager": 0.1, "developer": 0.0, "QA": -0.2,
               "BA": 0.0}
OTHER_ROLES = ["developer", "QA", "BA"]
OTHER_ROLE_P = [0.55, 0.25, 0.20]

K_SLOPE = 1.8          # steepness of the answer curve
GENERIC_OFFSET = {"specific": 0.0, "GG2": 0.1, "GG3": 0.35}
RESPONDENT_SD = 0.3    # respondent bias, answer-scale units (Likert)
PROJECT_SD = 0.12
NOISE_SD = 0.55
NA_RATE = 0.02
NA_RATE_SAM = 0.85

COMMENTS_LOW = [
    "Only on large projects",
    "Not done since the reorganisation",
    "Depends on the project manager",
    "We plan to start this next quarter",
    "只在大项目中执行",
    "没有统一模板",
]
COMMENTS_HIGH = [
    "Part of the QMS since 2024",
    "Checked in the quarterly audit",
    "Client requires it in the contract",
    "Template in the project handbook",
    "客户审计时检查",
    "已纳入质量体系",
]
EVIDENCE_KIND = ["QMS-{pa}-{n:03d}.docx", "{pa}-checklist-{n:02d}.xlsx", "JIRA-{pfx}-{n:04d}",
                 "minutes-{pa}-{n:03d}.pdf"]


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------
def _write_csv(df: pd.DataFrame, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False, lineterminator="\n", float_format="%.4g", encoding="utf-8")
    return path


def _model(model_id: str):
    """The model, or None while it does not exist yet."""
    from maturity.model.load import load_model

    try:
        return load_model(model_id)
    except Exception:  # noqa: BLE001 - missing model: skip that part of the sample
        return None


def _rosters(rng: np.random.Generator, counts: dict[str, tuple[int, int]] | None = None,
             lines: list[str] | None = None, waves: list[str] = WAVES, keep_share: float = 0.82,
             suffix: str = "r") -> pd.DataFrame:
    """Respondents per line and wave.

    Columns ``wave, business_line, respondent, role, project, date, bias``.

    About ``keep_share`` of a wave's respondents answer again in the next wave (same id, role,
    project and bias); the others are replaced by new people with new ids.
    """
    rows = []
    lines = lines or list(LINE_SETUP)
    for line in lines:
        pfx, (lo, hi), projects = LINE_SETUP[line]
        if counts is not None:
            lo, hi = counts[line]
        people: dict[str, tuple[str, str, float]] = {}
        current: list[str] = []
        next_no = 1

        def hire(role: str | None = None) -> str:
            nonlocal next_no
            rid = f"{pfx}-{suffix}{next_no:02d}"
            next_no += 1
            if role is None:
                role = str(rng.choice(OTHER_ROLES, p=OTHER_ROLE_P))
            if role == "line director":
                project = projects[0]
            elif role == "project manager":
                taken = {people[r][1] for r in current if people[r][0] == "project manager"}
                free = [p for p in projects if p not in taken] or projects
                project = free[0]
            else:
                project = str(rng.choice(projects))
            people[rid] = (role, project, float(rng.normal(0.0, RESPONDENT_SD)))
            return rid

        for w, wave in enumerate(waves):
            n = int(rng.integers(lo, hi + 1))
            if w == 0:
                current = []
                current.append(hire("line director"))
                for _ in projects[: max(0, min(len(projects), n - 1 - 2))]:
                    current.append(hire("project manager"))
                while len(current) < n:
                    current.append(hire())
            else:
                prev = current
                keep_n = min(n, max(1, int(round(keep_share * len(prev)))))
                director = prev[:1]
                others = [r for r in prev[1:]]
                kept_idx = np.sort(rng.choice(len(others), size=keep_n - 1, replace=False))
                current = director + [others[i] for i in kept_idx]
                while len(current) < n:
                    current.append(hire())
            days = rng.integers(3, 27, size=len(current))
            for rid, day in zip(current, days, strict=True):
                role, project, bias = people[rid]
                rows.append((wave, line, rid, role, project, f"{wave}-{int(day):02d}", bias))
    return pd.DataFrame(rows, columns=["wave", "business_line", "respondent", "role", "project",
                                       "date", "bias"])


def _question_table(model) -> pd.DataFrame:
    """Questions with the attributes the answer curve needs: ``question, process_area, pa_level,
    generic (specific/GG2/GG3/...), practice_level, scale``."""
    q = model.questions.merge(
        model.practices[["practice", "goal", "kind", "level"]]
        .rename(columns={"level": "practice_level"}),
        on="practice", how="left",
    )
    q = q.merge(model.goals[["goal", "generic_goal"]], on="goal", how="left")
    pa = model.process_areas[["process_area", "level"]].rename(columns={"level": "pa_level"})
    q = q.merge(pa, on="process_area", how="left")
    gg = q["generic_goal"].fillna("").astype(str)
    q["generic"] = gg.where(gg != "", "specific")
    return q


def _answers(rng: np.random.Generator, model, roster: pd.DataFrame, qt: pd.DataFrame,
             difficulty: np.ndarray, theta: dict[str, tuple[float, ...]], waves: list[str],
             line_pa_effect: dict[str, dict[str, float]] | None = None,
             na_rate: float = NA_RATE, pa_na: dict[str, dict[str, float]] | None = None,
             comment_rate: float = 0.012, evidence_rate: float = 0.03) -> pd.DataFrame:
    """Long answer frame for every respondent of ``roster`` and every question of ``qt``.

    Vectorised per line and wave: an R x Q matrix of answers.
    """
    Q = len(qt)
    pas = qt["process_area"].to_numpy()
    # per-scale code tables: value -> code (numeric scales only)
    scale_ids = qt["scale"].to_numpy()
    scales = {s: model.scales[s].options for s in pd.unique(scale_ids)}
    vmin = np.empty(Q)
    vmax = np.empty(Q)
    for s, opt in scales.items():
        scored = opt[~opt["na"]]
        vmin[scale_ids == s] = scored["value"].min()
        vmax[scale_ids == s] = scored["value"].max()
    na_code = {s: (opt.loc[opt["na"], "code"].iloc[0] if opt["na"].any() else "")
               for s, opt in scales.items()}
    projects = {p: e for p, e in zip(sorted(pd.unique(roster["project"])),
                                     rng.normal(0.0, PROJECT_SD, size=roster["project"].nunique()),
                                     strict=True)}
    jitter = rng.normal(0.0, 0.12, size=Q)  # fixed per question, across lines and waves
    out = []
    for (line, wave), grp in roster.groupby(["business_line", "wave"], sort=False):
        R = len(grp)
        w = waves.index(wave)
        effect = np.zeros(Q)
        for pa, e in (line_pa_effect or {}).get(line, {}).items():
            effect[pas == pa] = e
        z = theta[line][w] - difficulty - jitter + effect + 0.5
        share = 1.0 / (1.0 + np.exp(-K_SLOPE * z))
        span = vmax - vmin
        resp = (grp["bias"].to_numpy() + grp["role"].map(ROLE_EFFECT).to_numpy()
                + grp["project"].map(projects).to_numpy())[:, None]
        noise = rng.normal(0.0, NOISE_SD, size=(R, Q))
        x = vmin + share[None, :] * span + (resp + noise) * span / 4.0  # bias/noise in Likert units
        x = np.clip(x, vmin, vmax)
        codes = np.empty((R, Q), dtype=object)
        for s, opt in scales.items():
            cols = scale_ids == s
            scored = opt[~opt["na"]].sort_values("value")
            vals = scored["value"].to_numpy()
            idx = np.abs(x[:, cols][:, :, None] - vals[None, None, :]).argmin(axis=2)
            codes[:, cols] = scored["code"].to_numpy()[idx]
        rate = np.full(Q, na_rate)
        for pa, r in (pa_na or {}).get(line, {}).items():
            rate[pas == pa] = r
        na = rng.random((R, Q)) < rate[None, :]
        na_codes = np.array([na_code[s] for s in scale_ids], dtype=object)
        na &= na_codes[None, :] != ""
        codes = np.where(na, np.broadcast_to(na_codes, (R, Q)), codes)
        value = np.where(na, np.nan, x)
        # comments: low answers get low comments, high answers high ones
        u = rng.random((R, Q))
        pick = rng.integers(0, len(COMMENTS_LOW), size=(R, Q))
        high = (value - vmin) / np.where(span > 0, span, 1) >= 0.6
        comment = np.where(u < comment_rate,
                           np.where(high, np.array(COMMENTS_HIGH, dtype=object)[pick],
                                    np.array(COMMENTS_LOW, dtype=object)[pick]), "")
        # evidence: only on well-rated answers
        ev_mask = (rng.random((R, Q)) < evidence_rate / 0.5) & high & ~na
        kinds = rng.integers(0, len(EVIDENCE_KIND), size=(R, Q))
        nums = rng.integers(1, 400, size=(R, Q))
        frame = pd.DataFrame({
            "wave": wave,
            "business_line": line,
            "respondent": np.repeat(grp["respondent"].to_numpy(), Q),
            "role": np.repeat(grp["role"].to_numpy(), Q),
            "project": np.repeat(grp["project"].to_numpy(), Q),
            "date": np.repeat(grp["date"].to_numpy(), Q),
            "question": np.tile(qt["question"].to_numpy(), R),
            "answer": codes.ravel(),
            "comment": comment.ravel(),
            "evidence": "",
        })
        ev = np.flatnonzero(ev_mask.ravel())
        if len(ev):
            pfx = LINE_SETUP[line][0].upper()
            pa_flat = np.tile(pas, R)[ev]
            frame.loc[ev, "evidence"] = [
                EVIDENCE_KIND[k].format(pa=pa, n=int(n), pfx=pfx)
                for k, pa, n in zip(kinds.ravel()[ev], pa_flat, nums.ravel()[ev], strict=True)
            ]
        out.append(frame)
    df = pd.concat(out, ignore_index=True)
    return df[RESPONSE_COLUMNS]


def _cmmi_difficulty(qt: pd.DataFrame) -> np.ndarray:
    level = qt["pa_level"].astype(float).fillna(2.0).to_numpy()
    off = qt["generic"].map(GENERIC_OFFSET).fillna(0.2).to_numpy()
    return level + off


# --------------------------------------------------------------------------------------------
# Parts of the sample
# --------------------------------------------------------------------------------------------
def make_cmmi(rng: np.random.Generator, model) -> tuple[pd.DataFrame, pd.DataFrame]:
    """CMMI answers for every line and wave: ``(answers, roster)``."""
    r_roster, r_ans = rng.spawn(2)
    roster = _rosters(r_roster)
    qt = _question_table(model)
    pa_na = {line: {"SAM": NA_RATE_SAM} for line in NO_SUPPLIERS}
    answers = _answers(r_ans, model, roster, qt, _cmmi_difficulty(qt), THETA, WAVES,
                       LINE_PA_EFFECT, pa_na=pa_na)
    return answers, roster


#: Defects of the raw data-analytics submission: (data index, defect, new column values).
#: Data index i is file row i + 2 (row 1 is the header), as a spreadsheet shows it.
RAW_DEFECTS = [
    (7, "unknown question id (typo)", {"question": "REQM.SP1.3Q1"}),
    (23, "answer out of scale", {"answer": "5"}),
    (45, "trailing spaces in the answer", {"answer": "2 "}),
    (54, "full-width digit", {"answer": "３"}),
    (61, "answer out of scale (free text)", {"answer": "yes"}),
    (77, "answer given as a label", {"answer": "Largely implemented"}),
    (88, "missing business line", {"business_line": ""}),
    (102, "trailing spaces in the question id", {"question": None}),  # None: add "  " to the id
    (112, "duplicate answer (same respondent and question, different answer)", {}),
    (130, "unknown question id (typo)", {"question": "PMC.SP1.8.Q1"}),
    (150, "answer given as a Chinese label", {"answer": "部分实施"}),
]
RAW_RESPONDENTS = 4
RAW_PAS = ["REQM", "PP", "PMC", "MA", "PPQA", "CM"]


def make_raw(cmmi: pd.DataFrame, model) -> pd.DataFrame:
    """The raw 2026-03 data-analytics submission with the defects of :data:`RAW_DEFECTS`."""
    spec = model.practices.query("kind == 'specific' and process_area in @RAW_PAS")["practice"]
    qids = model.questions.loc[model.questions["practice"].isin(spec), "question"]
    base = cmmi[(cmmi["wave"] == "2026-03") & (cmmi["business_line"] == "data-analytics")]
    who = list(pd.unique(base["respondent"]))[:RAW_RESPONDENTS]
    keep = base["respondent"].isin(who) & base["question"].isin(set(qids))
    raw = base[keep].reset_index(drop=True)
    raw = raw.astype(object)
    for i, _what, new in RAW_DEFECTS:
        if i == 112:  # the duplicate: the row above given again with another answer
            dup = raw.iloc[[i - 1]].copy()
            old = dup["answer"].iloc[0]
            dup["answer"] = "1" if old != "1" else "3"
            raw = pd.concat([raw.iloc[:i], dup, raw.iloc[i:]], ignore_index=True)
            continue
        for col, val in new.items():
            raw.loc[i, col] = raw.loc[i, col] + "  " if val is None else val
    return raw[RESPONSE_COLUMNS]


def make_targets(out: Path) -> list[Path]:
    yaml_text = (
        "# Target profile of Huaxin Tech for the gap analysis (made by data/make_sample.py).\n"
        "# default_level: maturity level every business line should reach;\n"
        "# lines: a higher maturity target for some lines;\n"
        "# process_areas: target capability level (0-3) of single process areas, all lines;\n"
        "# line_process_areas: (optional) the same for one line only.\n"
        "default_level: 2\n"
        "lines:\n"
        "  bank-delivery: 3\n"
        "  government-projects: 3\n"
        "  insurance-solutions: 3\n"
        "process_areas:\n"
        "  REQM: 3\n"
        "  PPQA: 3\n"
    )
    p1 = out / "targets.yaml"
    p1.write_bytes(yaml_text.encode("utf-8"))
    rows = pd.DataFrame(
        [("", "", 2), ("bank-delivery", "", 3), ("government-projects", "", 3),
         ("insurance-solutions", "", 3), ("", "REQM", 3), ("", "PPQA", 3)],
        columns=["business_line", "process_area", "target_level"],
    )
    return [p1, _write_csv(rows, out / "targets.csv")]


def normalize_xlsx(path: Path) -> None:
    """Rewrite an .xlsx so its bytes do not depend on when it was written.

    Fixes the zip entries' timestamps and the document's created/modified properties.
    """
    y, mo, d, h, mi, sec = XLSX_TIME
    stamp = f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{sec:02d}Z"
    src = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                              lambda m: m.group(1) + stamp + m.group(3), text)
                data = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=XLSX_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)
    path.write_bytes(buf.getvalue())
    path.chmod(0o644)


def make_workbooks(answers: pd.DataFrame, model, folder: Path) -> list[Path] | None:
    """One filled respondent workbook per respondent of ``answers`` (bilingual labels); None
    while the toolkit lacks ``write_template``/``fill_template``."""
    try:
        from maturity.ingest.workbook import fill_template, write_template
    except ImportError:
        try:
            from maturity.ingest.responses import (  # type: ignore[attr-defined, no-redef]
                fill_template,
                write_template,
            )
        except ImportError:
            return None
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for rid, grp in answers.groupby("respondent", sort=True):
        first = grp.iloc[0]
        path = folder / f"{rid}.xlsx"
        write_template(model, path, language="both", business_line=first["business_line"],
                       wave=first["wave"])
        header = {k: first[k] for k in
                  ("business_line", "wave", "respondent", "role", "project", "date")}
        comments = grp.loc[grp["comment"] != "", ["question", "comment"]]
        evidence = grp.loc[grp["evidence"] != "", ["question", "evidence"]]
        fill_template(path, dict(zip(grp["question"], grp["answer"], strict=True)), header,
                      comments=dict(zip(comments["question"], comments["comment"], strict=True)),
                      evidence=dict(zip(evidence["question"], evidence["evidence"], strict=True)))
        normalize_xlsx(path)
        paths.append(path)
    return paths


def _generic_table(model) -> tuple[pd.DataFrame, np.ndarray]:
    qt = _question_table(model)
    if model.scoring == "staged":
        return qt, _cmmi_difficulty(qt)
    lvl = qt["practice_level"].astype(float)
    lvl = lvl.fillna(qt["pa_level"].astype(float)).fillna(1.0).to_numpy()
    return qt, lvl


def make_pmo(rng: np.random.Generator, model) -> pd.DataFrame:
    """One wave (2026-03) of the pmo-process model for all lines, fewer respondents."""
    r_roster, r_ans = rng.spawn(2)
    counts = {line: (max(3, lo // 3), max(4, hi // 3))
              for line, (_p, (lo, hi), _x) in LINE_SETUP.items()}
    roster = _rosters(r_roster, counts=counts, waves=["2026-03"], suffix="p")
    qt, lvl = _generic_table(model)
    theta = {line: (t[2] - 0.3,) for line, t in THETA.items()}
    return _answers(r_ans, model, roster, qt, lvl, theta, ["2026-03"])


SECURE_LINES = ["bank-delivery", "insurance-solutions", "ecommerce-platform", "internal-tools"]
#: Latent security maturity (secure-dev practice levels 1..3) per line, waves 2025-09 and 2026-03.
SECURE_THETA = {
    "bank-delivery": (2.0, 2.4),
    "insurance-solutions": (1.6, 1.7),
    "ecommerce-platform": (1.4, 2.0),
    "internal-tools": (0.8, 0.8),
}


def make_secure(rng: np.random.Generator, model) -> pd.DataFrame:
    """Two waves of the additive secure-dev model for four lines."""
    r_roster, r_ans = rng.spawn(2)
    waves = ["2025-09", "2026-03"]
    counts = {line: (max(4, lo // 2), max(5, hi // 2))
              for line, (_p, (lo, hi), _x) in LINE_SETUP.items()}
    roster = _rosters(r_roster, counts=counts, lines=SECURE_LINES, waves=waves, suffix="s")
    qt, lvl = _generic_table(model)
    return _answers(r_ans, model, roster, qt, lvl, SECURE_THETA, waves)


# --------------------------------------------------------------------------------------------
def main(out_dir: str | Path | None = None, *, verbose: bool = False) -> dict[str, list[Path]]:
    """Write the sample company under ``out_dir`` (default: the folder of this script).

    Returns the written paths by part; parts whose model or ingestion function does not exist
    yet are reported as skipped (empty list) instead of failing.
    """
    out = Path(out_dir) if out_dir is not None else Path(__file__).resolve().parent
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    r_cmmi, r_pmo, r_secure = rng.spawn(3)
    written: dict[str, list[Path]] = {}

    written["business_lines"] = [_write_csv(BUSINESS_LINES, out / "business_lines.csv")]
    written["targets"] = make_targets(out)

    cmmi_model = _model(CMMI)
    written["responses"], written["workbooks"], written["raw"] = [], [], []
    if cmmi_model is not None:
        cmmi, _roster = make_cmmi(r_cmmi, cmmi_model)
        wb_mask = (cmmi["wave"] == "2026-03") & (cmmi["business_line"] == "internal-tools")
        wb = make_workbooks(cmmi[wb_mask], cmmi_model,
                            out / "responses" / "workbooks" / "2026-03-internal-tools")
        if wb is not None:
            written["workbooks"] = wb
            cmmi = cmmi[~wb_mask]
        for wave in WAVES:
            written["responses"].append(
                _write_csv(cmmi[cmmi["wave"] == wave], out / "responses" / f"{wave}.csv"))
        written["raw"] = [_write_csv(make_raw(cmmi, cmmi_model),
                                     out / "raw" / "2026-03_data-analytics_submission.csv")]

    pmo_model = _model(PMO)
    written["pmo"] = [] if pmo_model is None else [
        _write_csv(make_pmo(r_pmo, pmo_model), out / "pmo" / "2026-03.csv")]

    sec_model = _model(SECURE)
    written["secure_dev"] = []
    if sec_model is not None:
        sec = make_secure(r_secure, sec_model)
        for wave in ["2025-09", "2026-03"]:
            written["secure_dev"].append(
                _write_csv(sec[sec["wave"] == wave], out / "secure-dev" / f"{wave}.csv"))
    written["followup"] = []
    if cmmi_model is not None:  # "a quarter later" (issue 22): the rollout log, a 2026-09 wave
        here = str(Path(__file__).resolve().parent)
        if here not in sys.path:
            sys.path.insert(0, here)
        import make_followup

        written["followup"] = make_followup.main(out)
    if verbose:
        for part, paths in written.items():
            size = sum(p.stat().st_size for p in paths)
            print(f"{part:15s} {len(paths):3d} files {size / 1e6:7.2f} MB" if paths
                  else f"{part:15s} skipped (model or workbook writer missing)")
    return written


def _cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=None,
                        help="output folder (default: data/ next to this script)")
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    main(args.out, verbose=not args.quiet)
    return 0


if __name__ == "__main__":
    raise SystemExit(_cli())
