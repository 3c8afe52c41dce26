"""A Chinese company beside the sample company: the same answers, written as a Chinese PMO would.

:func:`write_chinese_company` writes, into a folder, the sample company's answers, targets,
line attributes and SWOT (:mod:`maturity.datasets`) twice:

- ``ascii/``: the sample files as they are, except that the middle wave is labelled
  ``2025-10`` (so that its Chinese label sorts out of text order);
- ``zh/``: the same data typed the Chinese way:

  * Chinese business-line ids (``银行交付(上海)``, ``BANK保险2部``...), typed with
    full-width variants (``银行交付（上海）``, ``ＢＡＮＫ保险２部``) and stray spaces;
  * waves ``2025年3月``, ``2025年10月``, ``2026年3月`` (as text, ``2025年10月`` sorts
    before ``2025年3月``);
  * respondent ids ``E1001``... (some typed ``Ｅ１００１``); two respondents named 张伟
    (different ids) who answer in Chinese respondent workbooks;
  * Chinese roles, comments and evidence with Chinese punctuation;
  * answers typed ``大部分实施。``, ``4（完全实施）``, ``２分``, ``三分``;
  * dates ``2025年3月9日`` or ``2025/3/9``;
  * SWOT quadrants 优势/劣势/机会/威胁, lists separated by ``、`` and ``；``, tags
    监管/客户要求; targets keyed by full-width ids.

Read with the toolkit, both give the same numbers once ids are mapped
(:attr:`ChineseCompany.line_ids`, :attr:`respondent_ids`, :attr:`wave_labels`): the test suite
checks it (``tests/test_chinese_company.py``). Generated at test time (seeded, nothing stored).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from maturity.datasets import data_path, load_responses
from maturity.ingest.workbook import fill_template, write_template
from maturity.model.load import load_model

__all__ = ["ChineseCompany", "write_chinese_company", "ZH_LINES", "ZH_WAVES"]

#: Sample line id -> (Chinese id as read, variants typed in the files).
ZH_LINES: dict[str, tuple[str, tuple[str, ...]]] = {
    "bank-delivery": ("银行交付(上海)", ("银行交付（上海）", " 银行交付(上海) ")),
    "insurance-solutions": ("BANK保险2部", ("ＢＡＮＫ保险２部",)),
    "government-projects": ("政府项目部", ("政府项目部　",)),  # an ideographic space
    "managed-services": ("运维服务部", ()),
    "ecommerce-platform": ("电商平台部", ()),
    "data-analytics": ("数据分析部", ()),
    "internal-tools": ("内部工具部", ()),
}
#: Sample wave -> (ASCII twin's label, Chinese label).
ZH_WAVES = {"2025-03": ("2025-03", "2025年3月"), "2025-09": ("2025-10", "2025年10月"),
            "2026-03": ("2026-03", "2026年3月")}
_ROLES = {"line director": "业务线总监（兼）", "project manager": "项目经理，PMP",
          "QA": "质量保证（QA）", "BA": "业务分析师；需求", "developer": "开发工程师！"}
_QUADRANTS = {"S": "优势", "W": "劣势", "O": "机会", "T": "威胁"}
_TAGS = {"regulation": "监管", "customer_requirement": "客户要求"}
_TYPED = {"3": ("大部分实施。", "三分", "3 - 大部分实施"), "4": ("4（完全实施）", "４"),
          "2": ("２分", "2（部分实施）"), "1": ("一分",)}


@dataclass
class ChineseCompany:
    """Paths of the two companies and the id maps from the ASCII twin to the Chinese one."""

    zh: dict[str, Path]
    ascii: dict[str, Path]
    line_ids: dict[str, str]  # ascii id -> Chinese id as read
    respondent_ids: dict[str, str]  # ascii id -> Chinese id as read
    wave_labels: dict[str, str]  # ascii label -> Chinese label
    zhang_wei: list[str] = field(default_factory=list)  # the two 张伟's ids


def _pick(rng: np.random.Generator, canonical: str, variants: tuple[str, ...], n: int,
          share: float = 0.3) -> np.ndarray:
    out = np.full(n, canonical, dtype=object)
    if variants:
        hit = rng.random(n) < share
        out[hit] = np.asarray(variants, dtype=object)[rng.integers(0, len(variants), hit.sum())]
    return out


def _write_csv(df: pd.DataFrame, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False, encoding="utf-8-sig" if "zh" in path.parts else "utf-8")
    return path


def write_chinese_company(
    folder: str | os.PathLike[str],
    *,
    lines: list[str] | None = None,
    seed: int = 0,
) -> ChineseCompany:
    """Write the Chinese company and its ASCII twin into ``folder`` (see the module docstring).

    Parameters
    ----------
    folder : path
        Created when missing; ``zh/`` and ``ascii/`` are written inside.
    lines : list of str, optional
        Sample business lines to keep (default all seven); fewer lines make smaller files.
    seed : int
        Seed of the typing variants (which cells are full-width, which answers typed as text).

    Returns
    -------
    ChineseCompany

    Examples
    --------
    >>> import tempfile
    >>> c = write_chinese_company(tempfile.mkdtemp(), lines=["bank-delivery"])
    >>> c.line_ids["bank-delivery"], c.wave_labels["2025-10"]
    ('银行交付(上海)', '2025年10月')
    >>> sorted(c.zh)
    ['answers', 'lines', 'swot', 'targets']
    """
    rng = np.random.default_rng(seed)
    root = Path(folder)
    keep = list(lines) if lines is not None else list(ZH_LINES)
    resp, resp_ids, zhang = _sample_answers(keep)
    a, inputs = _write_ascii_twin(resp, keep, root / "ascii")
    zr = _typed_the_chinese_way(resp, resp_ids, rng)
    z_dir = root / "zh"
    z = {"answers": z_dir / "answers"}
    # the two 张伟 answer in Chinese respondent workbooks, not in the CSV
    is_zhang = resp["respondent"].isin(zhang).to_numpy() & (resp["wave"] == "2026-03").to_numpy()
    for who in zhang:
        _write_zhang_workbook(zr[is_zhang & (resp["respondent"] == who).to_numpy()],
                              resp_ids[who], z["answers"])
    for w, g in zr[~is_zhang].groupby("wave", sort=False):
        _write_csv(g, z["answers"] / f"{w}.csv")
    z.update(_write_chinese_inputs(*inputs, z_dir))
    return ChineseCompany(
        zh=z, ascii=a,
        line_ids={k: ZH_LINES[k][0] for k in keep},
        respondent_ids=resp_ids,
        wave_labels={v[0]: v[1] for v in ZH_WAVES.values()},
        zhang_wei=[resp_ids[w] for w in zhang],
    )


def _sample_answers(keep: list[str]) -> tuple[pd.DataFrame, dict[str, str], list[str]]:
    """The sample's answers of the lines kept, the middle wave relabelled; the respondents' new
    ids (``E1001``...); the two respondents who become 张伟."""
    resp = load_responses()
    resp = resp[resp["business_line"].isin(keep)].reset_index(drop=True)
    resp["wave"] = resp["wave"].map(lambda w: ZH_WAVES[w][0])
    ids = sorted(resp["respondent"].unique())
    resp_ids = {r: f"E{1001 + i}" for i, r in enumerate(ids)}
    # the two 张伟: the first two respondents of the first line in the last wave
    last = resp[(resp["wave"] == "2026-03") & (resp["business_line"] == keep[0])]
    zhang = list(dict.fromkeys(last["respondent"]))[:2]
    return resp, resp_ids, zhang


def _write_ascii_twin(resp: pd.DataFrame, keep: list[str], a_dir: Path
                      ) -> tuple[dict[str, Path], tuple[pd.DataFrame, pd.DataFrame, dict]]:
    """The sample files as they are (answers, lines, SWOT, targets of the lines kept); their
    paths and the (lines, SWOT, targets) read, for the Chinese company."""
    a = {"answers": a_dir / "answers"}
    for w, g in resp.groupby("wave", sort=False):
        _write_csv(g, a["answers"] / f"{w}.csv")
    lines_df = pd.read_csv(data_path("business_lines.csv"), dtype=str, keep_default_na=False)
    lines_df = lines_df[lines_df["business_line"].isin(keep)]
    a["lines"] = _write_csv(lines_df, a_dir / "lines.csv")
    swot = pd.read_csv(data_path("swot.csv"), dtype=str, keep_default_na=False)
    swot = swot[swot["business_line"].isin(keep)]
    a["swot"] = _write_csv(swot, a_dir / "swot.csv")
    targets = yaml.safe_load(data_path("targets.yaml").read_text(encoding="utf-8"))
    targets["lines"] = {k: v for k, v in targets.get("lines", {}).items() if k in keep}
    a["targets"] = a_dir / "targets.yaml"
    a["targets"].write_text(yaml.safe_dump(targets, allow_unicode=True), encoding="utf-8")
    return a, (lines_df, swot, targets)


def _typed_the_chinese_way(resp: pd.DataFrame, resp_ids: dict[str, str],
                           rng: np.random.Generator) -> pd.DataFrame:
    """The answers with Chinese ids, waves, roles, comments, typed answers and dates (the
    module docstring's list); ``rng`` draws in a fixed order, so a seed gives the same files."""
    zr = resp.copy()
    n = len(zr)
    line_col = np.empty(n, dtype=object)
    for ln, (canon, variants) in ZH_LINES.items():
        at = (zr["business_line"] == ln).to_numpy()
        if at.any():
            line_col[at] = _pick(rng, canon, variants, int(at.sum()))
    zr["business_line"] = line_col
    zr["wave"] = zr["wave"].map({v[0]: v[1] for v in ZH_WAVES.values()})
    rid = zr["respondent"].map(resp_ids).to_numpy(dtype=object)
    wide = rng.random(n) < 0.2  # 'Ｅ１００１': full-width letters and digits
    rid[wide] = [s.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)}) for s in rid[wide]]
    zr["respondent"] = rid
    zr["role"] = zr["role"].map(lambda r: _ROLES.get(r, r))
    zr["comment"] = [f"{c}——见会议纪要；已确认！" if c else "" for c in zr["comment"]]
    zr["evidence"] = [f"会议纪要（{e}）.pdf" if e else "" for e in zr["evidence"]]
    # a few comments with surrounding spaces and ASCII/Chinese punctuation side by side
    pad = (rng.random(n) < 0.02) & (zr["comment"] == "").to_numpy()
    zr.loc[pad, "comment"] = " 需跟进（下周）， see PMO! "
    answers = zr["answer"].to_numpy(dtype=object).copy()
    typed = rng.random(n) < 0.1
    for code, forms in _TYPED.items():
        at = typed & (answers == code)
        answers[at] = np.asarray(forms, dtype=object)[rng.integers(0, len(forms), at.sum())]
    zr["answer"] = answers
    day = pd.to_datetime(zr["date"], errors="coerce")
    cn = rng.random(n) < 0.5
    zr["date"] = [("" if pd.isna(d) else (f"{d.year}年{d.month}月{d.day}日" if c
                                          else f"{d.year}/{d.month}/{d.day}"))
                  for d, c in zip(day, cn, strict=True)]
    return zr


def _write_zhang_workbook(rows: pd.DataFrame, rid: str, folder: Path) -> None:
    """One 张伟's answers of the last wave in a Chinese respondent workbook."""
    first = rows.iloc[0]
    book = folder / f"2026年3月_{rid}_张伟.xlsx"
    book.parent.mkdir(parents=True, exist_ok=True)
    write_template(load_model("cmmi-dev-1.3"), book, language="zh",
                   business_line=first["business_line"], wave=first["wave"])
    fill_template(book, dict(zip(rows["question"], rows["answer"], strict=True)),
                  {"respondent": rid, "name": "张伟", "role": first["role"],
                   "project": first["project"], "date": first["date"]},
                  comments=dict(zip(rows["question"], rows["comment"], strict=True)),
                  evidence=dict(zip(rows["question"], rows["evidence"], strict=True)))


def _write_chinese_inputs(lines_df: pd.DataFrame, swot: pd.DataFrame, targets: dict,
                          z_dir: Path) -> dict[str, Path]:
    """The lines, SWOT and targets files with Chinese ids, quadrants, separators and tags."""
    z = {}
    zl = lines_df.copy()
    zl["business_line"] = zl["business_line"].map(lambda x: ZH_LINES[x][0])
    zl["director"] = ["张伟" if i == 0 else d for i, d in enumerate(zl["director"])]
    z["lines"] = _write_csv(zl, z_dir / "lines.csv")
    zs = swot.copy()
    zs["business_line"] = zs["business_line"].map(
        lambda x: (ZH_LINES[x][1] or (ZH_LINES[x][0],))[0])
    zs["quadrant"] = zs["quadrant"].map(_QUADRANTS)
    zs["process_areas"] = [p.replace(";", "、" if i % 2 else "；")
                           for i, p in enumerate(zs["process_areas"])]
    zs["tags"] = zs["tags"].map(lambda t: ";".join(_TAGS.get(x, x) for x in t.split(";"))
                                if t else "")
    z["swot"] = _write_csv(zs, z_dir / "swot.csv")
    zt = dict(targets)
    zt["lines"] = {(ZH_LINES[k][1] or (ZH_LINES[k][0],))[0]: v for k, v in targets["lines"].items()}
    z["targets"] = z_dir / "targets.yaml"
    z["targets"].write_text(yaml.safe_dump(zt, allow_unicode=True), encoding="utf-8")
    return z
