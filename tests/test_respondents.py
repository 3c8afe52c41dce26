"""Tests of maturity.compare.respondents on small synthetic frames that follow the
ARCHITECTURE contracts (hand calculations written in the test)."""

from __future__ import annotations

from _compare_frames import W1, make_responses

from maturity.compare.respondents import (
    respondent_scores,
)


def test_respondent_scores_excludes_na_and_filters_pas():
    resp = make_responses({(W1, "retail"): {"a": [2, 4, None], "b": [None, None]}})
    rs = respondent_scores(resp)
    assert rs.to_dict("records") == [
        {"wave": W1, "business_line": "retail", "respondent": "a", "score": 3.0, "n_answers": 2}
    ]
    # PP questions are j = 0, 2: a's only scored PP answer is 2
    assert respondent_scores(resp, ["PP"])["score"].tolist() == [2.0]
