//! `summary.md`: the KPI table against the plan's targets, the hazards and the most affected
//! assets, with English and Chinese labels.

use crate::duration::format_duration;
use crate::exposure::State;
use crate::result::ScenarioResult;
use std::fmt::Write;

/// A scenario time to the second.
fn hours(t: Option<f64>) -> String {
    t.map_or("–".to_string(), |t| format_duration(t.round()))
}

fn pct(x: f64) -> String {
    if x.is_finite() {
        format!("{:.0} %", 100.0 * x)
    } else {
        "–".to_string()
    }
}

/// The summary page as Markdown.
pub fn summary_md(r: &ScenarioResult) -> String {
    let k = &r.kpis;
    let sc = &r.scenario;
    let mut s = String::new();
    let zh = sc.spec.scenario.name_zh.as_deref().unwrap_or("");
    let _ = writeln!(s, "# {} {}\n", r.name, zh);
    let _ = writeln!(
        s,
        "Scenario of {} on {} ({} × {} cells of {} m){}. 情景时长 {}。\n",
        sc.spec.scenario.duration,
        sc.terrain
            .dem()
            .crs
            .epsg
            .map_or("the DEM".to_string(), |e| format!("EPSG:{e}")),
        sc.terrain.shape().0,
        sc.terrain.shape().1,
        sc.terrain.cell_size(),
        sc.spec
            .scenario
            .start
            .as_ref()
            .map_or(String::new(), |s| format!(", starting {s}")),
        sc.spec.scenario.duration,
    );
    let _ = writeln!(s, "## Key figures 关键指标\n");
    let _ = writeln!(s, "| Indicator 指标 | Value 数值 | Plan target 预案目标 |");
    let _ = writeln!(s, "|---|---|---|");
    let fire_ok = if k.fire_over_2ha {
        "not met 未达标"
    } else {
        "met 达标"
    };
    let any_fire = k
        .hazards
        .iter()
        .any(|h| h.kind == "fire" && h.started_at.is_some());
    if any_fire {
        let _ = writeln!(
            s,
            "| Largest fire 最大火场 | {:.2} ha / {:.1} mu 亩 | ≤ 2 ha (30 mu): {fire_ok} |",
            k.largest_fire_ha, k.largest_fire_mu
        );
        for h in k
            .hazards
            .iter()
            .filter(|h| h.kind == "fire" && h.started_at.is_some())
        {
            let _ = writeln!(
                s,
                "| Fire {} grade 火灾等级 | {} {} | passed 2 ha 超过 2 公顷: {} |",
                h.id,
                h.fire_grade.as_deref().unwrap_or("–"),
                h.fire_grade_zh.as_deref().unwrap_or(""),
                hours(h.passed_2ha_at)
            );
        }
    }
    let _ = writeln!(
        s,
        "| People exposed 受影响人口 | {:.0} | |",
        k.people_exposed
    );
    let _ = writeln!(
        s,
        "| People displaced 需转移人口 | {:.0} | |",
        k.people_displaced
    );
    for rk in &k.relief {
        let target = match rk.within_h as u32 {
            8 => " (basic needs 基本生活需求)",
            12 => " (initial relief 初步救助)",
            24 => " (basic living relief 基本生活救助)",
            _ => "",
        };
        let _ = writeln!(
            s,
            "| Relief within {} h 救援 {} 小时内到达 | {:.0} ({}) | all exposed people{target} |",
            rk.within_h,
            rk.within_h,
            rk.people,
            pct(rk.share)
        );
    }
    let warn_ok = if k.warned_share >= 0.9 {
        "met 达标"
    } else {
        "not met 未达标"
    };
    let _ = writeln!(
        s,
        "| Warned in time 及时预警 | {:.0} ({}) | ≥ 90 %: {} |",
        k.people_warned_in_time,
        pct(k.warned_share),
        if k.warned_share.is_finite() {
            warn_ok
        } else {
            "–"
        }
    );
    let _ = writeln!(
        s,
        "| Roads cut 道路中断 | {} roads 条; up to {:.2} km at once 最长同时中断; {:.2} km·h | |",
        k.roads_cut, k.road_cut_max_km, k.road_cut_km_h
    );
    let _ = writeln!(
        s,
        "| Hospitals affected 受影响医院 | {} | |",
        k.hospitals_affected
    );
    let _ = writeln!(
        s,
        "| Schools affected 受影响学校 | {} | |",
        k.schools_affected
    );
    let _ = writeln!(
        s,
        "| Assets damaged or destroyed 受损/损毁设施 | {} | |",
        k.assets_damaged
    );
    let _ = writeln!(
        s,
        "| Shelter use 避难场所使用 | peak {:.0} of {:.0} places 峰值 | unsheltered 未安置: {:.0} |",
        k.shelter_peak, k.shelter_capacity, k.unsheltered
    );
    let _ = writeln!(s, "\n## Hazards 灾害\n");
    let _ = writeln!(
        s,
        "| Hazard 灾害 | Kind 类型 | Started 开始 | Status 状态 | Area 面积 | Max depth 最大深度 |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|");
    for h in &k.hazards {
        let _ = writeln!(
            s,
            "| {} | {} {} | {} | {} | {:.2} ha | {:.2} m |",
            h.id,
            h.kind,
            crate::exposure::hazard_zh(&h.kind),
            hours(h.started_at),
            h.status,
            h.area_ha,
            h.max_depth_m
        );
    }
    let mut worst: Vec<_> = r
        .impacts
        .iter()
        .filter(|i| i.worst_state != State::Open)
        .collect();
    worst.sort_by(|a, b| {
        b.worst_state
            .cmp(&a.worst_state)
            .then(b.time_cut_s.total_cmp(&a.time_cut_s))
    });
    let _ = writeln!(s, "\n## Assets affected 受影响设施 ({})\n", worst.len());
    if !worst.is_empty() {
        let _ = writeln!(s, "| Asset 设施 | Kind 类型 | Worst 最严重 | First arrival 首次到达 | Time cut 中断时长 |");
        let _ = writeln!(s, "|---|---|---|---|---|");
        for i in worst.iter().take(25) {
            let first = [i.flood_arrival_s, i.fire_arrival_s, i.debris_arrival_s]
                .into_iter()
                .flatten()
                .fold(f64::NAN, f64::min);
            let kind = crate::assets::AssetKind::parse(&i.kind).map_or("", |k| k.name_zh());
            let _ = writeln!(
                s,
                "| {} | {} {} | {} {} | {} | {} |",
                i.name,
                i.kind,
                kind,
                i.worst_state.name(),
                i.worst_state.name_zh(),
                hours(first.is_finite().then_some(first)),
                format_duration(i.time_cut_s.round())
            );
        }
        if worst.len() > 25 {
            let _ = writeln!(
                s,
                "\n… and {} more in impacts.csv 其余见 impacts.csv",
                worst.len() - 25
            );
        }
    }
    let _ = writeln!(s, "\n## Timeline 时间线 (first 40 events 前 40 条)\n");
    let _ = writeln!(s, "| t | Event | 事件 |");
    let _ = writeln!(s, "|---|---|---|");
    for e in r.events.iter().take(40) {
        let _ = writeln!(
            s,
            "| {} | {} | {} |",
            format_duration(e.t.round()),
            e.message,
            e.message_zh
        );
    }
    if !sc.notes.is_empty() {
        let _ = writeln!(s, "\n## Notes 说明\n");
        for n in &sc.notes {
            let _ = writeln!(s, "- {n}");
        }
    }
    let _ = writeln!(
        s,
        "\nRun time 运行时间: engines {:.2} s, scenario layer {:.2} s.",
        k.engine_seconds, k.scenario_seconds
    );
    s
}
