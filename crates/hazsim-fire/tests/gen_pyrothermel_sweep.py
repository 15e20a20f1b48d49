# Generates the SWEEP table of crates/hazsim-fire/tests/pyrothermel_sweep.rs from pyrothermel 0.1.4:
# every burnable standard fuel model in one scenario. FM7 is run as a custom FuelModel with the live
# woody SAVR of Anderson (1982)/Albini (1976), 1550 1/ft (behave's built-in FM7 has 1500).
import pyrothermel as p
M = (0.05, 0.06, 0.07, 0.50, 0.80)
WIND_MPH, WIND_FROM, SLOPE_DEG, ASPECT = 6.0, 250, 15.0, 120
codes = list(range(1, 14)) + list(range(101, 110)) + list(range(121, 125)) + list(range(141, 150)) \
    + list(range(161, 166)) + list(range(181, 190)) + list(range(201, 205))
for code in codes:
    fm = p.FuelModel.from_existing(code, units_preset='us_standard')
    if code == 7:
        fm = p.FuelModel('us_standard', 7, 'FM7', 'Southern rough', 2.5, 0.40, 8000, 8000,
                         1.13256, 1.87308, 1.50282, 0.0, 0.37026, 1750, 1500, 1550, False)
    r = p.PyrothermelRun(fm, p.MoistureScenario(*M), WIND_MPH, units_preset='us_standard',
                         wind_direction=WIND_FROM, slope=SLOPE_DEG, aspect=ASPECT)
    o = r.run_surface_fire_in_direction_of_max_spread()
    back = r.run_surface_fire_in_direction_of_interest(o['direction'] + 180)['spread_rate']
    print(f"    ({code}, {o['spread_rate']!r}, {o['direction']!r}, {o['fireline_intensity']!r}, "
          f"{o['flame_length']!r}, {o['reaction_intensity']!r}, {back!r}),")
