# Generates the CASES table of crates/hazsim-fire/tests/pyrothermel_crown.rs from pyrothermel 0.1.4
# (behave's Scott & Reinhardt crown run). behave converts Van Wagner's critical intensity from kW/m
# to BTU/ft/s with 3.46414 where the exact factor is 3.46147; foliar moisture enters nothing else,
# so pyrothermel is given the foliar moisture that makes its critical intensity the exact one.
import math
import pyrothermel as p

FT, LB_FT3 = 0.3048, 16.018463
EXACT, BEHAVE = 1055.05585262 / 0.3048 / 1000.0, 3.46414
M = (0.05, 0.06, 0.08, 0.6, 0.9)
# (fuel, 20-ft wind mi/h, slope %, CBH m, CBD kg/m³, stand height m, cover, foliar moisture)
CASES = [
    (165, 10.0, 0.0, 6.0, 0.10, 20.0, 0.5, 1.0),
    (165, 30.0, 30.0, 1.5, 0.05, 20.0, 0.5, 1.0),
    (10, 25.0, 20.0, 1.0, 0.20, 15.0, 0.6, 0.9),
    (10, 25.0, 20.0, 2.0, 0.20, 15.0, 0.6, 0.9),
]
for fuel, u20, slope, cbh, cbd, ch, cover, fmc in CASES:
    fmc_b = ((460 + 2590 * fmc) * (BEHAVE / EXACT) ** (2 / 3) - 460) / 2590
    r = p.PyrothermelRun(
        p.FuelModel.from_existing(fuel, units_preset="us_standard"),
        p.MoistureScenario(*M, foliar_moisture=fmc_b), u20, units_preset="us_standard",
        wind_input_mode="twenty_foot", wind_direction=225.0, slope=math.degrees(math.atan(slope / 100)),
        aspect=45.0, canopy_base_height=cbh / FT, canopy_bulk_density=cbd / LB_FT3,
        canopy_cover=cover, canopy_height=ch / FT, canopy_ratio=(ch - cbh) / ch)
    r.run_surface_fire_in_direction_of_max_spread()
    c = r.run_crown_fire_scott_and_reinhardt()
    print(f"    ({fuel}, {u20}, {slope}, {cbh}, {cbd}, {ch}, {cover}, {fmc}, {c['fire_type']!r}, "
          f"{c['spread_rate']!r}, {c['fireline_intensity']!r}, {c['flame_length']!r}, "
          f"{c['transition_ratio']!r}, {c['active_ratio']!r}),")
