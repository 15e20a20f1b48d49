"""Writes the illustrative data of the bundled scenarios on the Jacksboro DEM.

ILLUSTRATIVE: these assets, populations, capacities and fuels are invented for examples and
tests. They are placed by hand along the river of the valley below Cumberland Mountain (rows
150-210, columns 170-260 of the grid) and are not a survey of any real place.

Run from the repository root:  .venv/bin/python scenarios/data/make_valley_data.py
Writes scenarios/data/valley_assets.geojson and scenarios/data/valley_fuel.tif.
"""

import json

import numpy as np

import hazsim

DEM = "scenarios/data/jacksboro_utm16n.tif"
dem = hazsim.read_raster(DEM)
z = np.asarray(dem.data)
slope = np.asarray(hazsim.Terrain(dem).slope().data)


def xy(r, c):
    """World coordinates of a cell centre, rounded to the metre."""
    x, y = dem.cell_center(r, c)
    return [round(x), round(y)]


def square(r, c, n=2):
    """A polygon covering n x n cells with (r, c) at its north-west corner."""
    x0, y0 = dem.cell_center(r, c)
    h = dem.cell_size / 2
    x1, y1 = x0 - h + n * dem.cell_size, y0 + h - n * dem.cell_size
    ring = [[x0 - h, y0 + h], [x1, y0 + h], [x1, y1], [x0 - h, y1], [x0 - h, y0 + h]]
    return {"type": "Polygon", "coordinates": [[[round(a), round(b)] for a, b in ring]]}


def feature(fid, kind, name, name_zh, geometry, **props):
    return {
        "type": "Feature",
        "id": fid,
        "properties": {"kind": kind, "name": name, "name_zh": name_zh, **props},
        "geometry": geometry,
    }


def point(r, c):
    return {"type": "Point", "coordinates": xy(r, c)}


def line(cells):
    return {"type": "LineString", "coordinates": [xy(r, c) for r, c in cells]}


features = [
    feature("res-mill", "residential", "Mill Creek homes", "磨坊溪居民点", square(165, 203),
            population_day=180, population_night=420),
    feature("res-ford", "residential", "Ford Street homes", "福特街居民点", square(175, 219),
            population_day=240, population_night=560),
    feature("res-bend", "residential", "River Bend homes", "河湾居民点", square(183, 233),
            population_day=150, population_night=380),
    feature("res-lake", "residential", "Lakeside homes", "湖滨居民点", square(190, 249),
            population_day=120, population_night=300),
    feature("res-hill", "residential", "Hillside homes", "山坡居民点", square(150, 196),
            population_day=90, population_night=210),
    feature("school", "school", "Valley School", "河谷学校", point(160, 210),
            population_day=450, population_night=0),
    feature("hospital", "hospital", "County Hospital", "县医院", point(152, 232),
            population_day=260, population_night=180),
    feature("care", "care_home", "Elm Care Home", "榆树养老院", point(171, 216),
            population_day=70, population_night=70),
    feature("shelter-north", "shelter", "North School Shelter", "北区学校避难场所", point(146, 206),
            capacity=600),
    feature("shelter-east", "shelter", "East Gym Shelter", "东区体育馆避难场所", point(168, 252),
            capacity=500),
    feature("power", "power", "Valley Substation", "河谷变电站", point(181, 230)),
    feature("water", "water", "Water Works", "自来水厂", point(188, 241)),
    feature("command", "command_post", "Emergency Command Post", "应急指挥部", point(150, 214)),
    feature("road-valley", "road", "Valley Road", "河谷公路",
            line([(158, 172), (162, 190), (165, 204), (171, 220), (178, 236), (184, 248), (190, 258)])),
    feature("road-north", "road", "North Road", "北部公路",
            line([(140, 190), (146, 206), (150, 214), (152, 232), (160, 250)])),
    feature("road-link", "road", "School Lane", "学校路", line([(146, 206), (160, 210), (165, 204)])),
    feature("bridge", "bridge", "Ford Bridge", "福特桥", line([(172, 226), (178, 226)])),
]

collection = {
    "type": "FeatureCollection",
    "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32616"}},
    "features": features,
}
with open("scenarios/data/valley_assets.geojson", "w", encoding="utf-8") as f:
    json.dump(collection, f, ensure_ascii=False, indent=1)

# Fuels (Scott & Burgan codes): open water NB8 (98) on the flat lake surface, short grass GR2
# (102) on the valley floor, shrub SH2 (142) on moderate slopes, timber litter TL3 (183) on the
# forested mountain slopes.
fuel = np.full(z.shape, 183, dtype=np.float32)
fuel[slope < 12] = 142
fuel[slope < 5] = 102
fuel[(np.abs(z - 305.0) < 0.6) & (slope < 1.0)] = 98
out = dem.like(fuel) if hasattr(dem, "like") else None
hazsim.write_raster(out, "scenarios/data/valley_fuel.tif")
print("wrote scenarios/data/valley_assets.geojson and scenarios/data/valley_fuel.tif")
