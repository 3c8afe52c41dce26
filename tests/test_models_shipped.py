"""The maturity models shipped in ``surveys/models``: schema invariants and, for CMMI-DEV v1.3,
the structure of the published model.

Expected CMMI values are written from CMMI for Development, Version 1.3 (CMU/SEI-2010-TR-033,
Software Engineering Institute, November 2010): process areas by maturity level, category,
number of specific goals and specific practices per process area, and the names of the specific
goals and of selected specific practices.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

MODELS_DIR = Path(__file__).resolve().parents[1] / "surveys" / "models"
SHIPPED = ["cmmi-dev-1.3", "pmo-process", "secure-dev", "c2m2-lite"]
BUILTIN_SCALES = {"likert-0-4", "scampi"}


def _raw(model_id: str) -> dict:
    with open(MODELS_DIR / f"{model_id}.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def _goals(raw: dict):
    for pa in raw["process_areas"]:
        for g in pa["goals"]:
            yield pa, g


def _practices(raw: dict):
    for pa, g in _goals(raw):
        for p in g["practices"]:
            yield pa, g, p


def _questions(raw: dict):
    for pa, g, p in _practices(raw):
        for q in p.get("questions") or []:
            yield pa, g, p, q


@pytest.fixture(scope="module", params=SHIPPED)
def raw(request) -> dict:
    return _raw(request.param)


# --------------------------------------------------------------------------------------------
# Schema invariants (surveys/README.md), every shipped model
# --------------------------------------------------------------------------------------------
def test_file_name_matches_id(raw):
    assert (MODELS_DIR / f"{raw['id']}.yaml").is_file()
    assert raw["id"] == raw["id"].lower()


def test_required_top_level_keys(raw):
    keys = ("id", "name", "name_zh", "version", "description", "source", "levels", "process_areas")
    for key in keys:
        assert raw.get(key), key
    assert isinstance(raw["version"], str)
    assert raw.get("scoring", "staged") in ("staged", "cumulative", "additive")
    assert raw.get("na_policy", "exclude") in ("exclude", "zero")


def test_levels_unique_integers_with_names(raw):
    levels = [lv["level"] for lv in raw["levels"]]
    assert all(isinstance(v, int) and not isinstance(v, bool) for v in levels)
    assert len(levels) == len(set(levels))
    assert levels == sorted(levels)
    for lv in raw["levels"]:
        assert lv["name"] and lv["name_zh"]


def test_ids_unique(raw):
    pa_ids = [pa["id"] for pa in raw["process_areas"]]
    assert not [k for k, n in Counter(pa_ids).items() if n > 1]
    other = [g["id"] for _, g in _goals(raw)]
    other += [p["id"] for _, _, p in _practices(raw)]
    other += [q["id"] for *_, q in _questions(raw)]
    dupes = [k for k, n in Counter(other).items() if n > 1]
    assert not dupes, dupes
    for i in pa_ids + other:
        assert re.fullmatch(r"[A-Za-z0-9._-]+", i), i


def test_ids_nest_under_their_parent(raw):
    for pa, g, p, q in _questions(raw):
        assert g["id"].startswith(pa["id"] + "."), g["id"]
        assert p["id"].startswith(pa["id"] + "."), p["id"]
        assert q["id"] == p["id"] + ".Q1", q["id"]


def test_every_practice_has_exactly_one_question(raw):
    for _, _, p in _practices(raw):
        qs = p.get("questions") or []
        assert len(qs) == 1, p["id"]
        assert qs[0]["text"].strip() and qs[0]["text_zh"].strip(), p["id"]


def test_chinese_names_everywhere(raw):
    for pa in raw["process_areas"]:
        assert pa["name"] and pa["name_zh"] and pa["category"], pa["id"]
    for _, g in _goals(raw):
        assert g["name"] and g["name_zh"], g["id"]
    for _, _, p in _practices(raw):
        assert p["name"] and p["name_zh"], p["id"]
    for *_, q in _questions(raw):
        assert re.search(r"[\u4e00-\u9fff]", q["text_zh"]), q["id"]


def test_levels_exist(raw):
    levels = {lv["level"] for lv in raw["levels"]}
    for pa in raw["process_areas"]:
        assert pa["level"] in levels, pa["id"]
    for _, _, p in _practices(raw):
        if "level" in p:
            assert p["level"] in levels, p["id"]


def test_scales_exist(raw):
    scales = BUILTIN_SCALES | set(raw.get("scales") or {})
    assert raw.get("default_scale", "likert-0-4") in scales
    for *_, q in _questions(raw):
        assert q.get("scale", raw.get("default_scale", "likert-0-4")) in scales, q["id"]
    for sid, sc in (raw.get("scales") or {}).items():
        codes = [str(o["code"]) for o in sc["options"]]
        assert len(codes) == len(set(codes)), sid
        for o in sc["options"]:
            assert o.get("na") or isinstance(o.get("value"), (int, float)), (sid, o)
            assert o["label"] and o["label_zh"], (sid, o)


def test_generic_goals_shape(raw):
    for gg in raw.get("generic_goals") or []:
        assert re.fullmatch(r"GG\d", gg["id"])
        assert gg["name"] and gg["name_zh"]
        assert isinstance(gg["capability_level"], int)
        for gp in gg["practices"]:
            assert re.fullmatch(r"GP\d\.\d+", gp["id"]), gp["id"]
            assert gp["name"] and gp["name_zh"]
            (q,) = gp["questions"]
            assert q["id"] == "Q1"
            assert "{process_area_name}" in q["text"], gp["id"]
            assert "{process_area_name_zh}" in q["text_zh"], gp["id"]
            # only the documented placeholders
            names = set(re.findall(r"{([^}]*)}", q["text"] + q["text_zh"]))
            assert names <= {"process_area", "process_area_name", "process_area_name_zh"}


# --------------------------------------------------------------------------------------------
# CMMI-DEV v1.3 against the published model
# --------------------------------------------------------------------------------------------
CMMI_ML = {
    2: ["REQM", "PP", "PMC", "SAM", "MA", "PPQA", "CM"],
    3: ["RD", "TS", "PI", "VER", "VAL", "OPF", "OPD", "OT", "IPM", "RSKM", "DAR"],
    4: ["OPP", "QPM"],
    5: ["OPM", "CAR"],
}

CMMI_CATEGORY = {
    "Project Management": ["IPM", "PMC", "PP", "QPM", "REQM", "RSKM", "SAM"],
    "Process Management": ["OPD", "OPF", "OPM", "OPP", "OT"],
    "Engineering": ["PI", "RD", "TS", "VAL", "VER"],
    "Support": ["CAR", "CM", "DAR", "MA", "PPQA"],
}

CMMI_PA_NAMES = {
    "CAR": "Causal Analysis and Resolution", "CM": "Configuration Management",
    "DAR": "Decision Analysis and Resolution", "IPM": "Integrated Project Management",
    "MA": "Measurement and Analysis", "OPD": "Organizational Process Definition",
    "OPF": "Organizational Process Focus", "OPM": "Organizational Performance Management",
    "OPP": "Organizational Process Performance", "OT": "Organizational Training",
    "PI": "Product Integration", "PMC": "Project Monitoring and Control", "PP": "Project Planning",
    "PPQA": "Process and Product Quality Assurance", "QPM": "Quantitative Project Management",
    "RD": "Requirements Development", "REQM": "Requirements Management", "RSKM": "Risk Management",
    "SAM": "Supplier Agreement Management", "TS": "Technical Solution", "VAL": "Validation",
    "VER": "Verification",
}

#: Number of specific practices under each specific goal, per process area (v1.3).
CMMI_SP_PER_SG = {
    "CAR": [2, 3], "CM": [3, 2, 2], "DAR": [6], "IPM": [7, 3], "MA": [4, 4], "OPD": [7],
    "OPF": [3, 2, 4], "OPM": [3, 4, 3], "OPP": [5], "OT": [4, 3], "PI": [3, 2, 4],
    "PMC": [7, 3], "PP": [4, 7, 3], "PPQA": [2, 2], "QPM": [4, 3], "RD": [2, 3, 5],
    "REQM": [5], "RSKM": [3, 2, 2], "SAM": [3, 3], "TS": [2, 4, 2], "VAL": [3, 2], "VER": [3, 3, 2],
}

CMMI_SG_NAMES = {
    "CAR.SG1": "Determine Causes of Selected Outcomes",
    "CAR.SG2": "Address Causes of Selected Outcomes",
    "CM.SG1": "Establish Baselines", "CM.SG2": "Track and Control Changes",
    "CM.SG3": "Establish Integrity",
    "DAR.SG1": "Evaluate Alternatives",
    "IPM.SG1": "Use the Project's Defined Process",
    "IPM.SG2": "Coordinate and Collaborate with Relevant Stakeholders",
    "MA.SG1": "Align Measurement and Analysis Activities", "MA.SG2": "Provide Measurement Results",
    "OPD.SG1": "Establish Organizational Process Assets",
    "OPF.SG1": "Determine Process Improvement Opportunities",
    "OPF.SG2": "Plan and Implement Process Actions",
    "OPF.SG3": "Deploy Organizational Process Assets and Incorporate Experiences",
    "OPM.SG1": "Manage Business Performance", "OPM.SG2": "Select Improvements",
    "OPM.SG3": "Deploy Improvements",
    "OPP.SG1": "Establish Performance Baselines and Models",
    "OT.SG1": "Establish an Organizational Training Capability", "OT.SG2": "Provide Training",
    "PI.SG1": "Prepare for Product Integration", "PI.SG2": "Ensure Interface Compatibility",
    "PI.SG3": "Assemble Product Components and Deliver the Product",
    "PMC.SG1": "Monitor the Project Against the Plan",
    "PMC.SG2": "Manage Corrective Action to Closure",
    "PP.SG1": "Establish Estimates", "PP.SG2": "Develop a Project Plan",
    "PP.SG3": "Obtain Commitment to the Plan",
    "PPQA.SG1": "Objectively Evaluate Processes and Work Products",
    "PPQA.SG2": "Provide Objective Insight",
    "QPM.SG1": "Prepare for Quantitative Management",
    "QPM.SG2": "Quantitatively Manage the Project",
    "RD.SG1": "Develop Customer Requirements", "RD.SG2": "Develop Product Requirements",
    "RD.SG3": "Analyze and Validate Requirements",
    "REQM.SG1": "Manage Requirements",
    "RSKM.SG1": "Prepare for Risk Management", "RSKM.SG2": "Identify and Analyze Risks",
    "RSKM.SG3": "Mitigate Risks",
    "SAM.SG1": "Establish Supplier Agreements", "SAM.SG2": "Satisfy Supplier Agreements",
    "TS.SG1": "Select Product Component Solutions", "TS.SG2": "Develop the Design",
    "TS.SG3": "Implement the Product Design",
    "VAL.SG1": "Prepare for Validation", "VAL.SG2": "Validate Product or Product Components",
    "VER.SG1": "Prepare for Verification", "VER.SG2": "Perform Peer Reviews",
    "VER.SG3": "Verify Selected Work Products",
}

#: A sample of specific practice names, chosen where v1.3 differs from v1.2 or is easy to misspell.
CMMI_SP_NAMES = {
    "REQM.SP1.1": "Understand Requirements",
    "REQM.SP1.5": "Ensure Alignment Between Project Work and Requirements",
    "PP.SP1.3": "Define Project Lifecycle Phases",
    "PP.SP1.4": "Estimate Effort and Cost",
    "PP.SP2.4": "Plan the Project's Resources",
    "PMC.SP2.3": "Manage Corrective Actions",
    "SAM.SP2.2": "Accept the Acquired Product",
    "SAM.SP2.3": "Ensure Transition of Products",
    "MA.SP2.1": "Obtain Measurement Data",
    "PPQA.SP2.1": "Communicate and Resolve Noncompliance Issues",
    "CM.SP1.3": "Create or Release Baselines",
    "RD.SP3.2": "Establish a Definition of Required Functionality and Quality Attributes",
    "TS.SP2.3": "Design Interfaces Using Criteria",
    "TS.SP2.4": "Perform Make, Buy, or Reuse Analyses",
    "PI.SP3.4": "Package and Deliver the Product or Product Component",
    "OPF.SP1.2": "Appraise the Organization's Processes",
    "OPD.SP1.7": "Establish Rules and Guidelines for Teams",
    "OT.SP1.2": "Determine Which Training Needs Are the Responsibility of the Organization",
    "IPM.SP1.6": "Establish Teams",
    "RSKM.SP2.2": "Evaluate, Categorize, and Prioritize Risks",
    "OPP.SP1.4": "Analyze Process Performance and Establish Process Performance Baselines",
    "QPM.SP1.2": "Compose the Defined Process",
    "QPM.SP2.3": "Perform Root Cause Analysis",
    "OPM.SP2.4": "Select and Implement Improvements for Deployment",
    "CAR.SP2.2": "Evaluate the Effect of Implemented Actions",
}

CMMI_GP_NAMES = {
    "GP2.1": "Establish an Organizational Policy", "GP2.2": "Plan the Process",
    "GP2.3": "Provide Resources", "GP2.4": "Assign Responsibility", "GP2.5": "Train People",
    "GP2.6": "Control Work Products", "GP2.7": "Identify and Involve Relevant Stakeholders",
    "GP2.8": "Monitor and Control the Process", "GP2.9": "Objectively Evaluate Adherence",
    "GP2.10": "Review Status with Higher Level Management",
    "GP3.1": "Establish a Defined Process", "GP3.2": "Collect Process Related Experiences",
}


@pytest.fixture(scope="module")
def cmmi() -> dict:
    return _raw("cmmi-dev-1.3")


def test_cmmi_top_level(cmmi):
    assert cmmi["id"] == "cmmi-dev-1.3"
    assert cmmi["version"] == "1.3"
    assert cmmi.get("scoring", "staged") == "staged"
    assert "CMU/SEI-2010-TR-033" in cmmi["source"]
    assert [(lv["level"], lv["name"], lv["name_zh"]) for lv in cmmi["levels"]] == [
        (1, "Initial", "初始级"), (2, "Managed", "已管理级"), (3, "Defined", "已定义级"),
        (4, "Quantitatively Managed", "定量管理级"), (5, "Optimizing", "优化级"),
    ]


def test_cmmi_process_areas_per_maturity_level(cmmi):
    got: dict[int, list[str]] = {}
    for pa in cmmi["process_areas"]:
        got.setdefault(pa["level"], []).append(pa["id"])
    assert {k: sorted(v) for k, v in got.items()} == {k: sorted(v) for k, v in CMMI_ML.items()}
    assert sum(len(v) for v in got.values()) == 22


def test_cmmi_process_area_names_and_categories(cmmi):
    cat = {pa: c for c, pas in CMMI_CATEGORY.items() for pa in pas}
    for pa in cmmi["process_areas"]:
        assert pa["name"] == CMMI_PA_NAMES[pa["id"]], pa["id"]
        assert pa["category"] == cat[pa["id"]], pa["id"]


def test_cmmi_goal_and_practice_counts(cmmi):
    got = {pa["id"]: [len(g["practices"]) for g in pa["goals"]] for pa in cmmi["process_areas"]}
    assert got == CMMI_SP_PER_SG
    assert sum(len(v) for v in got.values()) == 49
    assert sum(sum(v) for v in got.values()) == 167


def test_cmmi_ids_follow_published_numbering(cmmi):
    for pa in cmmi["process_areas"]:
        for gi, g in enumerate(pa["goals"], start=1):
            assert g["id"] == f"{pa['id']}.SG{gi}"
            for pi_, p in enumerate(g["practices"], start=1):
                assert p["id"] == f"{pa['id']}.SP{gi}.{pi_}"
                assert p["questions"][0]["id"] == f"{p['id']}.Q1"


def test_cmmi_specific_goal_names(cmmi):
    got = {g["id"]: g["name"] for _, g in _goals(cmmi)}
    assert got == CMMI_SG_NAMES


def test_cmmi_selected_specific_practice_names(cmmi):
    got = {p["id"]: p["name"] for _, _, p in _practices(cmmi)}
    for pid, name in CMMI_SP_NAMES.items():
        assert got[pid] == name, pid


def test_cmmi_questions_are_not_the_model_text(cmmi):
    # questions are our own survey statements, not the practice names restated
    for _, _, p, q in _questions(cmmi):
        assert p["name"].lower() not in q["text"].lower(), p["id"]


def test_cmmi_generic_goals(cmmi):
    ggs = {gg["id"]: gg for gg in cmmi["generic_goals"]}
    assert set(ggs) == {"GG2", "GG3"}
    assert ggs["GG2"]["name"] == "Institutionalize a Managed Process"
    assert ggs["GG2"]["capability_level"] == 2
    assert ggs["GG3"]["name"] == "Institutionalize a Defined Process"
    assert ggs["GG3"]["capability_level"] == 3
    got = {gp["id"]: gp["name"] for gg in ggs.values() for gp in gg["practices"]}
    assert got == CMMI_GP_NAMES
    assert [gp["id"] for gp in ggs["GG2"]["practices"]] == [f"GP2.{i}" for i in range(1, 11)]


# --------------------------------------------------------------------------------------------
# The other shipped models: the shape their briefs ask for
# --------------------------------------------------------------------------------------------
def test_pmo_process_shape():
    m = _raw("pmo-process")
    assert m.get("scoring", "staged") == "staged"
    assert [lv["level"] for lv in m["levels"]] == [1, 2, 3, 4, 5]
    ids = [pa["id"] for pa in m["process_areas"]]
    assert len(ids) == 13
    assert all(re.fullmatch(r"[A-Z]{2,6}", i) for i in ids)
    assert {pa["level"] for pa in m["process_areas"]} == {2, 3, 4}
    for pa in m["process_areas"]:
        assert 2 <= len(pa["goals"]) <= 3, pa["id"]
        for g in pa["goals"]:
            assert 2 <= len(g["practices"]) <= 4, g["id"]
    train = {p["id"]: p for _, _, p in _practices(m) if p["id"].startswith("TRAIN.")}
    texts = " ".join(p["questions"][0]["text"] for p in train.values())
    assert "within one week" in texts and "4 in 5" in texts
    assert {gg["id"] for gg in m["generic_goals"]} == {"GG2", "GG3"}


SAMM_PRACTICES = {
    "Governance": ["SM", "PC", "EG"],
    "Design": ["TA", "SR", "SA"],
    "Implementation": ["SB", "SD", "DM"],
    "Verification": ["AA", "RT", "ST"],
    "Operations": ["IM", "EM", "OM"],
}


def test_secure_dev_shape():
    m = _raw("secure-dev")
    assert m["scoring"] == "additive"
    assert m["na_policy"] == "zero"
    assert "zero" in m["description"].lower()
    assert m["default_scale"] == "samm-coverage"
    assert [lv["level"] for lv in m["levels"]] == [0, 1, 2, 3]
    opts = m["scales"]["samm-coverage"]["options"]
    assert [(str(o["code"]), o.get("value"), o["label"]) for o in opts] == [
        ("0", 0, "No"), ("0.25", 0.25, "Yes, for some"), ("0.5", 0.5, "Yes, for at least half"),
        ("1", 1, "Yes, for most or all"), ("NA", None, "Not applicable"),
    ]
    assert opts[-1]["na"] is True
    got: dict[str, list[str]] = {}
    for pa in m["process_areas"]:
        got.setdefault(pa["category"], []).append(pa["id"])
        assert [g["id"] for g in pa["goals"]] == [f"{pa['id']}.A", f"{pa['id']}.B"]
        for g in pa["goals"]:
            assert [p["id"] for p in g["practices"]] == [f"{g['id']}.{i}" for i in (1, 2, 3)]
            assert [p["level"] for p in g["practices"]] == [1, 2, 3]
    assert got == SAMM_PRACTICES


def test_c2m2_lite_shape():
    m = _raw("c2m2-lite")
    assert m["scoring"] == "cumulative"
    assert m["cumulative_threshold"] == "LI"
    assert m["default_scale"] == "scampi"
    assert [lv["level"] for lv in m["levels"]] == [0, 1, 2, 3]
    assert [pa["id"] for pa in m["process_areas"]] == ["ASSET", "THREAT", "RISK", "RESPONSE"]
    for pa in m["process_areas"]:
        assert 1 <= len(pa["goals"]) <= 2
        per_mil = Counter(p["level"] for g in pa["goals"] for p in g["practices"])
        assert set(per_mil) == {1, 2, 3}, pa["id"]
        assert all(2 <= n <= 3 for n in per_mil.values()), (pa["id"], per_mil)


# --------------------------------------------------------------------------------------------
# The package loader accepts every shipped model
# --------------------------------------------------------------------------------------------
def _load_model():
    model_mod = pytest.importorskip("maturity.model.load")
    if not hasattr(model_mod, "load_model"):
        pytest.skip("maturity.model.load.load_model not written yet")
    return model_mod.load_model


@pytest.mark.parametrize("model_id", SHIPPED)
def test_load_model_by_id(model_id):
    load_model = _load_model()
    raw = _raw(model_id)
    m = load_model(model_id)
    assert m.id == model_id
    assert m.scoring == raw.get("scoring", "staged")
    assert m.default_scale == raw.get("default_scale", "likert-0-4")
    assert m.na_policy == raw.get("na_policy", "exclude")
    n_pa = len(raw["process_areas"])
    gps = [gp for gg in raw.get("generic_goals") or [] for gp in gg["practices"]]
    n_sp = sum(1 for _ in _practices(raw))
    assert len(m.process_areas) == n_pa
    assert len(m.goals) == sum(1 for _ in _goals(raw)) + n_pa * len(raw.get("generic_goals") or [])
    assert len(m.practices) == n_sp + n_pa * len(gps)
    assert len(m.questions) == n_sp + n_pa * len(gps)
    assert m.questions["question"].is_unique
    # placeholders are filled in for every process area
    assert not m.questions["text"].str.contains("{", regex=False).any()
    assert not m.questions["text_zh"].str.contains("{", regex=False).any()


def test_load_model_by_path():
    load_model = _load_model()
    m = load_model(MODELS_DIR / "cmmi-dev-1.3.yaml")
    q = m.questions.set_index("question")
    assert q.loc["REQM.GP2.1.Q1", "text"].count("Requirements Management") == 1
    assert "需求管理" in q.loc["REQM.GP2.1.Q1", "text_zh"]
    gg = m.goals.set_index("goal")
    assert gg.loc["PP.GG3", "capability_level"] == 3
    assert gg.loc["PP.SG1", "kind"] == "specific"
