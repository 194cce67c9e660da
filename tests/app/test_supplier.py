"""The supplier page's two axes: the screen's scores when stored, else the findings' points by basis."""

from __future__ import annotations

from screening.app.supplier import axes, sub_scores


def test_axes_prefer_the_screens_red_flag_and_exposure_scores() -> None:
    shown = axes({"red_flag_score": 60.0, "exposure_score": 35.0}, [{"basis": "country", "points": 99.0}])
    assert shown == {
        "red flags about this supplier (supplier and input findings)": 60.0,
        "inherent exposure (site and country findings)": 35.0,
    }


def test_axes_fall_back_to_points_by_basis_and_to_none() -> None:
    findings = [
        {"basis": "supplier", "points": 40.0},
        {"basis": "input", "points": 10.0},
        {"basis": "site", "points": 5.0},
        {"basis": "country", "points": 20.0},
    ]
    assert axes({}, findings) == {"own evidence (supplier, site, input)": 55.0, "country context": 20.0}
    assert axes({}, [{"points": 10.0}]) is None and axes({}, []) is None


def test_sub_scores_are_the_non_zero_categories_largest_first() -> None:
    supplier = {"score_forced_labor": 35.0, "score_region": 100.0, "score_child_labor": 0.0}
    assert sub_scores(supplier) == [("region", 100.0), ("forced_labor", 35.0)]
