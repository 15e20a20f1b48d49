"""hazsim.debris terrain methods from Python: slope stability, SINMAP, release areas, LAHARZ and
Staley M1, checked against the published closed forms on synthetic terrain, plus bad input and
the bundled DEM."""

import math

import numpy as np
import pytest

import hazsim
import hazsim.debris as hd
from conftest import make_raster

CELL = 10.0
X0, Y0 = 500_000.0, 4_000_000.0


def plane(deg, rows=12, cols=8):
    """A plane dipping south at `deg` degrees on a 10 m grid."""
    r = np.arange(rows, dtype=np.float64)[:, None] * np.ones((1, cols))
    z = 500.0 - r * CELL * math.tan(math.radians(deg))
    return hazsim.Terrain(make_raster(z.astype(np.float32), cell=CELL, x0=X0, y0=Y0))


def valley(rows=60, cols=41):
    """A V valley running south: walls 0.5 m per 10 m cell, floor falling 1 m per cell."""
    r, c = np.mgrid[0:rows, 0:cols]
    z = 200.0 - r + 0.5 * np.abs(c - cols // 2)
    return hazsim.Terrain(make_raster(z.astype(np.float32), cell=CELL, x0=X0, y0=Y0))


def centre(row, col):
    return (X0 + (col + 0.5) * CELL, Y0 - (row + 0.5) * CELL)


INNER = (slice(2, -2), slice(2, -2))


# --- slope stability ---------------------------------------------------------------------------


def test_dry_cohesionless_plane_matches_tan_ratio():
    # Pack et al. (1998) eq. with C = 0, w = 0: FS = tan φ / tan θ; float32 output, tol 1e-4.
    s = hd.slope_stability(plane(30), friction_angle=35.0, recharge=0.0)
    fs = s.factor_of_safety.data[INNER]
    expected = math.tan(math.radians(35)) / math.tan(math.radians(30))
    np.testing.assert_allclose(fs, expected, rtol=1e-4)
    assert np.all(s.wetness.data == 0)
    # 1 <= FS < 1.25: quasi-stable (code 3) by the documented breakpoints.
    assert np.all(s.stability_class.data[INNER] == 3)
    assert s.stability_class.data.dtype == np.uint8


def test_saturated_plane_and_cohesion_follow_the_closed_form():
    # w = 1 (huge recharge), C = c/(h ρs g): FS = [C + cos θ (1 − ρw/ρs) tan φ]/sin θ
    # (Pack et al. 1998); float32, tol 1e-4 relative.
    th, ph, c, h, rho = math.radians(35), math.radians(38), 3000.0, 1.5, 1900.0
    s = hd.slope_stability(
        plane(35), soil_depth=h, cohesion=c, friction_angle=38.0, soil_density=rho, recharge=1.0
    )
    cd = c / (h * rho * 9.81)
    expected = (cd + math.cos(th) * (1 - 1000.0 / rho) * math.tan(ph)) / math.sin(th)
    np.testing.assert_allclose(s.factor_of_safety.data[INNER], expected, rtol=1e-4)
    assert np.all(s.wetness.data[INNER] == 1.0)


def test_critical_rainfall_matches_shalstab():
    # Montgomery & Dietrich (1994): w_c = (ρs/ρw)(1 − tan θ/tan φ), q_c = w_c T sin θ / a,
    # with a the specific catchment area the result reports; tol 1e-4 relative.
    t = plane(30)
    s = hd.slope_stability(t, friction_angle=40.0, transmissivity=2e-4)
    th = math.radians(30)
    wc = 2.0 * (1 - math.tan(th) / math.tan(math.radians(40)))
    a = s.specific_area.data[INNER].astype(np.float64)
    np.testing.assert_allclose(
        s.critical_rainfall.data[INNER], wc * 2e-4 * math.sin(th) / a, rtol=1e-4
    )
    assert np.all(s.shalstab_class.data[INNER] == 2)
    mm = hd.critical_rainfall_mm_per_day(s)
    np.testing.assert_allclose(mm.data, s.critical_rainfall.data * 8.64e7, rtol=1e-6)


def test_parameter_rasters_and_arrays_are_per_cell():
    t = plane(30)
    depth = np.full(t.shape, 1.0, np.float32)
    depth[:, 4:] = 2.0
    coh = t.dem.like(np.full(t.shape, 2000.0, np.float32))
    s = hd.slope_stability(t, soil_depth=depth, cohesion=coh, recharge=0.0)
    fs = s.factor_of_safety.data
    # Shallower soil → larger dimensionless cohesion → safer (same slope and friction).
    assert np.all(fs[3:-3, 1:3] > fs[3:-3, 5:7])
    th = math.radians(30)
    for h, col in ((1.0, 2), (2.0, 5)):
        cd = 2000.0 / (h * 2000.0 * 9.81)
        expected = (cd + math.cos(th) * math.tan(math.radians(35))) / math.sin(th)
        assert fs[5, col] == pytest.approx(expected, rel=1e-4)


def test_result_classes_are_named_and_printable():
    s = hd.slope_stability(plane(45), recharge=0.0)
    assert set(s.keys()) == {
        "factor_of_safety",
        "wetness",
        "specific_area",
        "critical_rainfall",
        "stability_class",
        "shalstab_class",
    }
    assert "wetness" in s and len(s) == 6
    assert s.class_names[6] == "defended" and hd.STABILITY_CLASSES == s.class_names
    fr = s.class_fractions()
    assert sum(fr.values()) == pytest.approx(1.0)
    # 45° > φ = 35°: unstable even when dry everywhere but the flat-free edges.
    assert fr["defended"] > 0.5
    assert "StabilityResult(" in repr(s) and "min_fs=" in repr(s)
    with pytest.raises(KeyError, match="not a stability output"):
        s["nope"]


def test_routing_mfd_changes_area_not_dry_fs():
    t = valley(30, 21)
    d8 = hd.slope_stability(t, routing="d8")
    mfd = hd.slope_stability(t, routing="mfd", mfd_exponent=1.1)
    assert not np.array_equal(d8.specific_area.data, mfd.specific_area.data)
    dry_d8 = hd.slope_stability(t, recharge=0.0, routing="d8").factor_of_safety.data
    dry_mfd = hd.slope_stability(t, recharge=0.0, routing="mfd").factor_of_safety.data
    np.testing.assert_array_equal(dry_d8, dry_mfd)


# --- SINMAP ------------------------------------------------------------------------------------


def test_sinmap_bounds_and_classes():
    # FS_min uses the weakest, wettest parameters and FS_max the strongest, driest (Pack et al.
    # 1998): with x1 = R/T = 0 (dry), FS_max = (C2 + cos θ tan φ2)/sin θ on a 20° plane.
    t = plane(20)
    r = hd.sinmap(
        t, recharge_over_t=(0.0, 1 / 2000), cohesion=(0.0, 0.1), friction_angle=(30.0, 40.0)
    )
    th = math.radians(20)
    fs_max = (0.1 + math.cos(th) * math.tan(math.radians(40))) / math.sin(th)
    np.testing.assert_allclose(r.fs_max.data[INNER], fs_max, rtol=1e-4)
    assert np.all(r.fs_min.data <= r.fs_max.data)
    # SINMAP manual Table 1 breakpoints: 1 for SI > 1.5, 2 for 1.25 < SI <= 1.5, ...
    si, cls = r.index.data, r.stability_class.data
    assert np.all(si[cls == 1] > 1.5) and np.all((si[cls == 2] > 1.25) & (si[cls == 2] <= 1.5))
    assert np.all(si >= 1.0)  # dry-stable everywhere here: SI = FS_min
    np.testing.assert_array_equal(si, r.fs_min.data)
    assert "SinmapResult(" in repr(r) and r.class_names[1] == "stable"


# --- release areas -----------------------------------------------------------------------------


def test_slope_area_rule_matches_flow_r():
    # Horton et al. (2013): release where β in [15°, 90°] and tan β ≥ 0.31·S_UCA^(−0.15), S_UCA
    # in km²; evaluated here from the Terrain's own slope and D8 accumulation. Exact.
    t = valley(40, 21)
    m = hd.release_areas(t, "slope_area")
    assert m.data.dtype == np.uint8 and m.same_grid(t.dem)
    beta = t.slope().data.astype(np.float64)
    area_km2 = t.d8_accumulation().data * CELL * CELL / 1e6
    expected = (beta >= 15) & (beta <= 90) & (np.tan(np.radians(beta)) >= 0.31 * area_km2**-0.15)
    np.testing.assert_array_equal(m.data, expected.astype(np.uint8))
    stricter = hd.release_areas(t, "slope_area", min_area=5000.0)
    assert stricter.data.sum() <= m.data.sum()


def test_release_by_stability_is_fs_below_threshold():
    t = valley(30, 21)
    s = hd.slope_stability(t, friction_angle=20.0)
    m = hd.release_areas(t, "stability", stability=s, max_fs=1.2)
    np.testing.assert_array_equal(m.data, (s.factor_of_safety.data < 1.2).astype(np.uint8))
    default = hd.release_areas(t, method="stability")
    assert default.data.dtype == np.uint8
    # Soil keywords run slope_stability with them: the same mask as computing it first.
    direct = hd.release_areas(t, "stability", friction_angle=20.0, max_fs=1.2)
    np.testing.assert_array_equal(direct.data, m.data)
    with pytest.raises(hazsim.HazsimError, match="only to method='stability'"):
        hd.release_areas(t, "slope_area", friction_angle=20.0)
    with pytest.raises(hazsim.HazsimError, match="only to method='stability'"):
        hd.release_areas(t, "stability", stability=s, cohesion=100.0)
    with pytest.raises(hazsim.HazsimError, match="friction_angle"):
        hd.release_areas(t, "stability", friction_angle=95.0)


# --- LAHARZ ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind,coef", [("debris_flow", (0.1, 20.0)), ("lahar", (0.05, 200.0)), ((0.2, 20.0), (0.2, 20.0))]
)
def test_laharz_areas_follow_volume_scaling(kind, coef):
    # Iverson et al. (1998): A = a1 V^(2/3), B = a2 V^(2/3); the walk stops once B is covered,
    # so the inundated area lies in [B, B + Δx²) (one cell).
    t = valley()
    v = 1e4
    r = hd.laharz(t, point=centre(0, 20), volume=v, kind=kind)
    assert r.coefficients == coef
    assert r.cross_section_area == pytest.approx(coef[0] * v ** (2 / 3), rel=1e-12)
    assert r.planimetric_target == pytest.approx(coef[1] * v ** (2 / 3), rel=1e-12)
    cells = int(r.inundation.data.sum())
    assert r.planimetric_area == pytest.approx(cells * CELL * CELL)  # area is conserved
    if r.reached_b:
        assert r.planimetric_target <= r.planimetric_area < r.planimetric_target + CELL * CELL
    sec = r.sections
    assert len(sec["level"]) > 0 and np.all(sec["area"] > 0)
    assert r.path_length >= 0 and "LaharzResult(" in repr(r)


# --- Staley M1 ---------------------------------------------------------------------------------


def logistic(x):
    return 1.0 / (1.0 + math.exp(-x))


def test_postfire_pour_point_and_labels_match_m1():
    # Staley et al. (2017) M1, 15 min: β = −3.63, C = (0.41, 0.67, 0.70). A 45° plane burned at
    # dNBR 500 everywhere: T = 1, F = 0.5, S = kf. Tol 1e-9 relative (f64 sums of constants).
    t = plane(45, rows=6, cols=3)
    dnbr = np.full(t.shape, 500.0, np.float32)
    kf, rain = 0.3, 8.0
    r = hd.postfire_likelihood(
        t, dnbr=dnbr, kf=kf, rainfall_mm=rain, duration_min=15, pour_points=[centre(5, 1)]
    )
    c = r.catchments[0]
    assert c["terrain"] == pytest.approx(1.0) and c["fire"] == pytest.approx(0.5)
    k = 0.41 * 1.0 + 0.67 * 0.5 + 0.70 * kf
    assert c["likelihood"] == pytest.approx(logistic(-3.63 + k * rain), rel=1e-6)
    assert c["rainfall_threshold"] == pytest.approx(3.63 / k, rel=1e-6)  # P = 0.5: x = 0
    assert c["area"] == pytest.approx(c["cells"] * CELL * CELL)
    labels = np.ones(t.shape, np.uint32)
    by_label = hd.postfire_likelihood(t, dnbr=dnbr, kf=kf, rainfall_mm=rain, labels=labels)
    assert by_label.catchments[0]["cells"] == 18
    assert by_label.table()["likelihood"].shape == (1,)
    assert r.likelihood.data.dtype == np.float32 and "PostfireResult(" in repr(r)


def test_postfire_from_fire_arrival_time_and_durations():
    t = plane(45, rows=6, cols=3)
    arrival = np.full(t.shape, 600.0, np.float32)
    intensity = np.full(t.shape, 100.0, np.float32)  # below 346 kW/m: low severity, T = 0
    r = hd.postfire_likelihood(
        t, arrival_time=arrival, intensity=intensity, kf=0.2, pour_points=[centre(5, 1)],
        duration_min=60, rainfall_mm=20.0,
    )
    c = r.catchments[0]
    assert c["terrain"] == 0.0 and c["fire"] == pytest.approx(0.185)
    k = 0.20 * 0.185 + 0.22 * 0.2  # 60 min coefficients
    assert c["likelihood"] == pytest.approx(logistic(-3.21 + k * 20.0), rel=1e-6)
    # Without pour points or labels only the network maps are made.
    assert hd.postfire_likelihood(t, arrival_time=arrival, kf=0.2, min_area=0).catchments == []


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("phi", [0.0, 90.0, 95.0, -10.0, float("nan")])
def test_friction_angle_outside_0_90_is_refused(phi):
    with pytest.raises(hazsim.HazsimError, match="friction_angle"):
        hd.slope_stability(plane(30), friction_angle=phi)


@pytest.mark.parametrize(
    "kwargs,name",
    [
        ({"soil_depth": 0.0}, "soil_depth"),
        ({"soil_density": -1.0}, "soil_density"),
        ({"transmissivity": 0.0}, "transmissivity"),
        ({"cohesion": -5.0}, "cohesion"),
        ({"recharge": -1e-7}, "recharge"),
        ({"routing": "dinf"}, "routing"),
    ],
)
def test_non_positive_soil_parameters_are_refused(kwargs, name):
    with pytest.raises(hazsim.HazsimError, match=name):
        hd.slope_stability(plane(30), **kwargs)


def test_rasters_on_another_grid_are_refused():
    t = plane(30)
    other = make_raster(np.ones(t.shape, np.float32), cell=CELL, x0=X0 + 1000.0, y0=Y0)
    with pytest.raises(hazsim.HazsimError, match="soil_depth"):
        hd.slope_stability(t, soil_depth=other)
    with pytest.raises(hazsim.HazsimError, match="dnbr"):
        hd.postfire_likelihood(t, dnbr=other, kf=0.2)
    with pytest.raises(hazsim.HazsimError, match="shape"):
        hd.slope_stability(t, cohesion=np.zeros((3, 3), np.float32))
    s_other = hd.slope_stability(plane(30, rows=5, cols=5))
    with pytest.raises(hazsim.HazsimError):
        hd.release_areas(t, "stability", stability=s_other)


def test_laharz_bad_volume_kind_and_point():
    t = valley(30, 21)
    p = centre(0, 10)
    for v in (-1e4, 0.0, float("inf")):
        with pytest.raises(hazsim.HazsimError, match="volume"):
            hd.laharz(t, p, v)
    with pytest.raises(hazsim.HazsimError, match="coefficients"):
        hd.laharz(t, p, 1e4, kind=(0.0, 20.0))
    with pytest.raises(hazsim.HazsimError, match="kind"):
        hd.laharz(t, p, 1e4, kind="mudslide")
    with pytest.raises(hazsim.HazsimError, match="outside the DEM"):
        hd.laharz(t, (0.0, 0.0), 1e4)


def test_release_bad_rule_parameters():
    t = valley(30, 21)
    with pytest.raises(hazsim.HazsimError, match="coefficient"):
        hd.release_areas(t, coefficient=0.0)
    with pytest.raises(hazsim.HazsimError, match="min_slope"):
        hd.release_areas(t, min_slope=95.0)
    with pytest.raises(hazsim.HazsimError, match="max_fs"):
        hd.release_areas(t, "stability", max_fs=0.0)
    with pytest.raises(hazsim.HazsimError, match="method"):
        hd.release_areas(t, "random")


@pytest.mark.parametrize("p", [0.0, 1.0, 1.5, -0.2])
def test_probability_outside_0_1_is_refused(p):
    t = plane(45, rows=6, cols=3)
    with pytest.raises(hazsim.HazsimError, match="probability"):
        hd.postfire_likelihood(t, dnbr=np.zeros(t.shape), kf=0.2, probability=p)


@pytest.mark.parametrize("d", [0, 20, 45, -15, 120])
def test_duration_other_than_15_30_60_is_refused(d):
    t = plane(45, rows=6, cols=3)
    with pytest.raises(hazsim.HazsimError, match="15, 30 or 60"):
        hd.postfire_likelihood(t, dnbr=np.zeros(t.shape), kf=0.2, duration_min=d)


def test_postfire_missing_or_doubled_inputs():
    t = plane(45, rows=6, cols=3)
    z = np.zeros(t.shape)
    with pytest.raises(hazsim.HazsimError, match="burn severity missing"):
        hd.postfire_likelihood(t, kf=0.2)
    with pytest.raises(hazsim.HazsimError, match="not both"):
        hd.postfire_likelihood(t, dnbr=z, arrival_time=z, kf=0.2)
    with pytest.raises(hazsim.HazsimError, match="kf"):
        hd.postfire_likelihood(t, dnbr=z)
    with pytest.raises(hazsim.HazsimError, match="kf"):
        hd.postfire_likelihood(t, dnbr=z, kf=-0.1)
    with pytest.raises(hazsim.HazsimError, match="rainfall"):
        hd.postfire_likelihood(t, dnbr=z, kf=0.2, rainfall_mm=-1.0)
    with pytest.raises(hazsim.HazsimError, match=r"pour_points\[0\]"):
        hd.postfire_likelihood(t, dnbr=z, kf=0.2, pour_points=[(0.0, 0.0)])
    with pytest.raises(hazsim.HazsimError, match="labels"):
        hd.postfire_likelihood(t, dnbr=z, kf=0.2, labels=np.full(t.shape, 1.5))


# --- the bundled DEM ---------------------------------------------------------------------------


def test_jacksboro_stability_and_release(dem):
    t = hazsim.Terrain(dem)
    s = hd.slope_stability(t, soil_depth=1.5, cohesion=2000.0, friction_angle=33.0)
    fr = s.class_fractions()
    assert sum(fr.values()) == pytest.approx(1.0)
    assert np.isfinite(s.factor_of_safety.data).mean() > 0.9
    m = hd.release_areas(t)
    assert 0 < m.data.sum() < m.data.size


def test_sinmap_bad_ranges_are_refused():
    t = plane(20)
    with pytest.raises(hazsim.HazsimError, match="friction_angle"):
        hd.sinmap(t, friction_angle=(0.0, 40.0))
    with pytest.raises(hazsim.HazsimError, match="friction_angle"):
        hd.sinmap(t, friction_angle=(30.0, 95.0))
    with pytest.raises(hazsim.HazsimError, match="cohesion"):
        hd.sinmap(t, cohesion=(0.2, 0.1))
    with pytest.raises(hazsim.HazsimError, match="recharge_over_t"):
        hd.sinmap(t, recharge_over_t=(-1.0, 0.001))
    with pytest.raises(hazsim.HazsimError, match="soil_density"):
        hd.sinmap(t, soil_density=0.0)


def test_jacksboro_laharz_and_postfire(dem):
    t = hazsim.Terrain(dem)
    p = (745515.0, 4019805.0)  # a channel cell west of the Powell valley
    r = hd.laharz(t, p, 1e6)
    assert r.reached_b and r.planimetric_area == pytest.approx(r.inundation.data.sum() * 8100.0)
    pf = hd.postfire_likelihood(
        t, dnbr=np.full(t.shape, 400.0, np.float32), kf=0.25, rainfall_mm=12.0, pour_points=[p]
    )
    c = pf.catchments[0]
    assert 0.0 < c["likelihood"] < 1.0 and c["fire"] == pytest.approx(0.4)
    net = pf.likelihood.data
    assert np.isnan(net[pf.upslope_area.data < 2e4]).all()
