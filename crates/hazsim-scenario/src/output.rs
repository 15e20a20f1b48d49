//! Writing a scenario's outputs: `<out>/<scenario>/` holds the GeoTIFF and PNG map of every
//! hazard's maximum intensities and arrival times (`<hazard>.<quantity>.tif`), `impacts.csv`
//! and `impacts.geojson` (one row or feature per asset), `events.jsonl`, `kpis.json`,
//! `summary.md` (English and Chinese) and `scenario.json` (the scenario as run).
//!
//! Everything is written into a temporary folder beside the target and moved into place at
//! the end, so a failed or cancelled run leaves no half-written folder, and an earlier folder
//! of the same name is replaced only once the new one is complete.

use crate::result::{ImpactRow, ScenarioResult};
use crate::{Error, Result};
use hazsim_io::map::{render_map_png, MapStyle, Overlay};
use hazsim_io::vector::{write_csv, write_geojson, CsvValue, Feature, Geometry};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `result` into `out/<slug>/` and returns that folder.
pub fn write_outputs(result: &ScenarioResult, out: &Path) -> Result<PathBuf> {
    let err = |path: &Path, m: String| Error::Output {
        path: path.to_path_buf(),
        message: m,
    };
    std::fs::create_dir_all(out)
        .map_err(|e| err(out, format!("cannot create the output folder: {e}")))?;
    let dest = out.join(&result.slug);
    let tmp = out.join(format!(".{}.tmp-{}", result.slug, std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| err(&tmp, e.to_string()))?;
    }
    std::fs::create_dir(&tmp).map_err(|e| err(&tmp, e.to_string()))?;
    let written = write_into(result, &tmp);
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    // Move into place: the old folder aside, the new one in, the old one removed.
    let old = out.join(format!(".{}.old-{}", result.slug, std::process::id()));
    if dest.exists() {
        std::fs::rename(&dest, &old)
            .map_err(|e| err(&dest, format!("cannot replace the earlier output: {e}")))?;
    }
    if let Err(e) = std::fs::rename(&tmp, &dest) {
        if old.exists() {
            let _ = std::fs::rename(&old, &dest);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(err(&dest, e.to_string()));
    }
    if old.exists() {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(dest)
}

fn io_err(path: &Path) -> impl Fn(hazsim_io::Error) -> Error + '_ {
    move |e| Error::Output {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn write_into(result: &ScenarioResult, dir: &Path) -> Result<()> {
    let sc = &result.scenario;
    let hs = sc
        .terrain
        .hillshade(315.0, 45.0, 1.0)
        .map_err(|e| Error::engine("terrain", e))?;
    let overlays = asset_overlays(result);
    for (hazard, name, r) in &result.fields {
        let q = name.split_once('.').map_or(name.as_str(), |(_, q)| q);
        let tif = dir.join(format!("{hazard}.{q}.tif"));
        hazsim_io::write_raster(r, &tif).map_err(io_err(&tif))?;
        if r.data.iter().any(|v| v.is_finite() && *v != 0.0) {
            let png = dir.join(format!("{hazard}.{q}.png"));
            let mut style = MapStyle::for_field(name);
            style.title = Some(format!("{hazard}: {}", style.title.unwrap_or_default()));
            if name.ends_with("arrival_time") {
                // Scenario clock in hours reads better than seconds.
                let hours = r.map(|v| v / 3600.0);
                style.units = "h".to_string();
                render_map_png(&hours, Some(&hs), &style, &overlays, &png).map_err(io_err(&png))?;
            } else {
                render_map_png(r, Some(&hs), &style, &overlays, &png).map_err(io_err(&png))?;
            }
        }
    }
    // impacts.csv and impacts.geojson
    let headers = ImpactRow::COLUMNS;
    let opt = |v: Option<f64>| v.map_or(CsvValue::Empty, CsvValue::Float);
    let rows = result.impacts.iter().map(|r| {
        vec![
            CsvValue::Text(r.id.clone()),
            CsvValue::Text(r.name.clone()),
            CsvValue::Text(r.kind.clone()),
            CsvValue::Text(r.state.name().to_string()),
            CsvValue::Text(r.worst_state.name().to_string()),
            opt(r.flood_arrival_s),
            opt(r.fire_arrival_s),
            opt(r.debris_arrival_s),
            CsvValue::Float(r.max_flood_depth_m),
            CsvValue::Float(r.max_dv_m2_s),
            CsvValue::Float(r.flood_hazard_class),
            CsvValue::Float(r.flame_length_m),
            CsvValue::Float(r.fireline_intensity_kw_m),
            CsvValue::Float(r.debris_pressure_kpa),
            CsvValue::Float(r.debris_depth_m),
            CsvValue::Float(r.time_cut_s),
            opt(r.first_cut_s),
            CsvValue::Float(r.population_day),
            CsvValue::Float(r.population_night),
            CsvValue::Float(r.capacity),
            CsvValue::Float(r.sheltered),
            CsvValue::Float(r.length_m),
            CsvValue::Float(r.value),
        ]
    });
    let csv = dir.join("impacts.csv");
    write_csv(&csv, &headers, rows).map_err(io_err(&csv))?;
    let features: Vec<Feature> = sc
        .assets
        .iter()
        .zip(&result.impacts)
        .map(|(a, r)| {
            let mut f = Feature::new(a.geometry.clone()).with_id(a.id.clone());
            if let Ok(serde_json::Value::Object(m)) = serde_json::to_value(r) {
                for (k, v) in m {
                    if !v.is_null() {
                        f = f.with_property(k, v);
                    }
                }
            }
            f
        })
        .collect();
    let gj = dir.join("impacts.geojson");
    write_geojson(&gj, &features, sc.terrain.dem().crs.epsg).map_err(io_err(&gj))?;
    // events.jsonl, kpis.json, scenario.json, summary.md
    let write = |name: &str, fill: &dyn Fn(&mut dyn Write) -> std::io::Result<()>| -> Result<()> {
        let p = dir.join(name);
        let mut f =
            std::io::BufWriter::new(std::fs::File::create(&p).map_err(|e| Error::Output {
                path: p.clone(),
                message: e.to_string(),
            })?);
        fill(&mut f)
            .and_then(|_| f.flush())
            .map_err(|e| Error::Output {
                path: p.clone(),
                message: e.to_string(),
            })
    };
    write("events.jsonl", &|w| {
        for e in &result.events {
            serde_json::to_writer(&mut *w, e)?;
            w.write_all(b"\n")?;
        }
        Ok(())
    })?;
    write("kpis.json", &|w| {
        serde_json::to_writer_pretty(&mut *w, &result.kpis)?;
        w.write_all(b"\n")
    })?;
    write("scenario.json", &|w| {
        serde_json::to_writer_pretty(&mut *w, sc.spec())?;
        w.write_all(b"\n")
    })?;
    let summary = crate::summary::summary_md(result);
    write("summary.md", &|w| w.write_all(summary.as_bytes()))?;
    Ok(())
}

/// Roads as lines, other assets and depots as points, for the maps.
fn asset_overlays(result: &ScenarioResult) -> Vec<Overlay> {
    let sc = &result.scenario;
    let mut lines = Vec::new();
    let mut rings = Vec::new();
    let mut points = Vec::new();
    for a in &sc.assets {
        match &a.geometry {
            Geometry::LineString(l) => lines.push(l.clone()),
            Geometry::MultiLineString(ls) => lines.extend(ls.iter().cloned()),
            Geometry::Polygon(r) => rings.extend(r.iter().cloned()),
            Geometry::MultiPolygon(ps) => rings.extend(ps.iter().flatten().cloned()),
            Geometry::Point(p) => points.push(*p),
            Geometry::MultiPoint(ps) => points.extend(ps.iter().copied()),
        }
    }
    let mut out = Vec::new();
    if !lines.is_empty() {
        out.push(Overlay::Lines {
            lines,
            color: [60, 60, 60],
            width_px: 2,
        });
    }
    if !rings.is_empty() {
        out.push(Overlay::Polygons {
            rings,
            color: [20, 20, 20],
            width_px: 1,
        });
    }
    if !points.is_empty() {
        out.push(Overlay::Points {
            coords: points,
            color: [255, 255, 255],
            radius_px: 3,
            label: None,
        });
    }
    for d in &sc.spec.depots {
        out.push(Overlay::Points {
            coords: vec![(d.at[0], d.at[1])],
            color: [220, 30, 30],
            radius_px: 5,
            label: Some(d.name.clone()),
        });
    }
    out
}
