# Generates the pin table for crates/hazsim-fire/tests/pyrothermel_pins.rs from pyrothermel 0.1.4.
import pyrothermel as p
M1 = (0.06, 0.07, 0.08, 0.60, 0.90)
M2 = (0.03, 0.04, 0.05, 0.45, 0.70)
M3 = (0.10, 0.11, 0.12, 1.00, 1.20)
cases = [
    # code, moisture, wind mi/h, wind_from deg, slope deg, aspect deg
    (1, M1, 5.0, 0, 0, 0),
    (4, M1, 5.0, 0, 0, 0),
    (8, M1, 5.0, 0, 0, 0),
    (2, M1, 3.0, 90, 15, 0),
    (10, M2, 6.0, 200, 25, 300),
    (102, M1, 8.0, 270, 20, 135),
    (102, M3, 4.0, 45, 10, 180),
    (122, M2, 7.0, 180, 5, 45),
    (145, M1, 6.0, 315, 30, 90),
    (149, M3, 3.0, 120, 12, 270),
    (161, M1, 4.0, 90, 25, 0),
    (163, M2, 5.0, 10, 18, 200),
    (183, M1, 5.0, 225, 35, 30),
    (188, M2, 2.0, 0, 0, 0),
    (202, M3, 9.0, 160, 8, 340),
    (124, M2, 0.0, 0, 20, 90),
    (1, M1, 0.0, 0, 0, 0),
    (13, M1, 10.0, 45, 40, 45),
]
print("// code, [m1, m10, m100, mherb, mwoody], wind_mph, wind_from, slope_deg, aspect,")
print("// head ch/h, dir deg, fireline BTU/ft/s, flame ft, reaction BTU/ft2/s, back ch/h, side90 ch/h, side45 ch/h")
for code, m, u, wd, sl, asp in cases:
    fm = p.FuelModel.from_existing(code, units_preset='us_standard')
    ms = p.MoistureScenario(*m)
    r = p.PyrothermelRun(fm, ms, u, units_preset='us_standard', wind_direction=wd, slope=sl, aspect=asp)
    o = r.run_surface_fire_in_direction_of_max_spread()
    d = o['direction']
    back = r.run_surface_fire_in_direction_of_interest(d + 180)['spread_rate']
    s90 = r.run_surface_fire_in_direction_of_interest(d + 90)['spread_rate']
    s45 = r.run_surface_fire_in_direction_of_interest(d + 45)['spread_rate']
    print(f"    Pin {{ code: {code}, m: [{', '.join(repr(x) for x in m)}], wind_mph: {u!r}, wind_from: {wd!r}.0, slope_deg: {sl!r}.0, aspect: {asp!r}.0, "
          f"head_ch_h: {o['spread_rate']!r}, dir: {d!r}, fireline_btu_ft_s: {o['fireline_intensity']!r}, flame_ft: {o['flame_length']!r}, "
          f"reaction_btu_ft2_s: {o['reaction_intensity']!r}, back_ch_h: {back!r}, side90_ch_h: {s90!r}, side45_ch_h: {s45!r} }},")
