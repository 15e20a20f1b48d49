//! [`RoutingSimulation`]: energy-line routing behind the [`Simulation`] contract, so that a
//! scheduler can release debris at run time (a storm's slides, a fire's post-fire flows) and
//! read the runout like any other engine's fields.
//!
//! Routing has no clock of its own: material released at time t has run out at t. Cells
//! released (at construction or through the `debris.release` input) are routed at the next
//! [`Simulation::advance`], and the maps are the merge of every release so far ([`Runout::merge`]),
//! which is exactly what routing every release together gives.

use crate::{route_runout_with_progress, Error, Release, Result, Runout, RunoutParams};
use hazsim_grid::{FieldInfo, Progress, Raster, Simulation, Terrain};
use ndarray::{Array2, ArrayView2};

/// Energy-line debris-flow routing as a [`Simulation`].
///
/// ```
/// use hazsim_debris::{Release, RoutingSimulation, RunoutParams};
/// use hazsim_grid::{Crs, Field, GeoTransform, NoProgress, Raster, Simulation, Terrain};
/// // A ramp falling to the south.
/// let dem = Raster::new(ndarray::Array2::from_shape_fn((20, 5), |(r, _)| 100.0 - 5.0 * r as f32), GeoTransform::north_up(0.0, 200.0, 10.0), Crs::epsg(32616));
/// let t = Terrain::new(dem).unwrap();
/// let mut sim = RoutingSimulation::new(&t, Release::Cells(vec![]), RunoutParams::default()).unwrap();
/// sim.advance(600.0, &mut NoProgress).unwrap();
/// assert_eq!(sim.field("debris.susceptibility").unwrap()[[5, 2]], 0.0); // nothing released yet
/// let mut mark = t.dem().map(|_| 0.0f32);
/// mark.data[[0, 2]] = 1.0;
/// sim.set_input("debris.release", &Field::Raster(mark)).unwrap();
/// sim.advance(660.0, &mut NoProgress).unwrap();
/// assert!(sim.field("debris.susceptibility").unwrap()[[5, 2]] > 0.0);
/// ```
#[derive(Debug, Clone)]
pub struct RoutingSimulation {
    terrain: Terrain,
    params: RunoutParams,
    /// Cells released and not yet routed (row, col).
    pending: Vec<(usize, usize)>,
    runout: Runout,
    t: f64,
    grid: Raster<()>,
}

impl RoutingSimulation {
    /// Sets up routing on `terrain` with `release` released at t = 0 (an empty release is
    /// allowed: cells can be released later through the `debris.release` input). The
    /// parameters are checked now.
    pub fn new(terrain: &Terrain, release: Release, params: RunoutParams) -> Result<Self> {
        params.check(terrain)?;
        let dem = terrain.dem();
        let cols = dem.cols();
        let pending = match &release {
            Release::Cells(c) if c.is_empty() => Vec::new(),
            r => r
                .cells(terrain)?
                .into_iter()
                .map(|i| (i / cols, i % cols))
                .collect(),
        };
        Ok(RoutingSimulation {
            terrain: terrain.clone(),
            params,
            pending,
            runout: Runout::empty(dem),
            t: 0.0,
            grid: dem.like(Array2::from_elem(dem.data.dim(), ())),
        })
    }

    /// The runout so far.
    pub fn runout(&self) -> &Runout {
        &self.runout
    }

    /// Advances to `until` by the contract's rules (see [`Simulation`]), routing the cells
    /// released since the last advance; progress is the fraction of them routed. A cancel
    /// leaves them pending and the maps as they were; a release none of whose cells can move
    /// ([`Error::NoRunout`]) is dropped after its error.
    pub fn advance(&mut self, until: f64, progress: &mut dyn Progress) -> Result<()> {
        let until = hazsim_grid::simulation::target(self.t, until, 0.0)?;
        if !self.pending.is_empty() {
            let cells = Release::Cells(self.pending.clone());
            let run =
                match route_runout_with_progress(&self.terrain, &cells, &self.params, progress) {
                    Ok(run) => run,
                    Err(e) if e.is_cancelled() => {
                        return Err(hazsim_grid::Error::Cancelled { time: self.t }.into())
                    }
                    Err(e) => {
                        // A release that cannot run out at all (every cell stalls) is reported
                        // once; the run goes on without it.
                        self.pending.clear();
                        return Err(e);
                    }
                };
            self.runout.merge(&run);
            self.pending.clear();
        }
        self.t = until;
        progress.report(1.0, "debris routing");
        Ok(())
    }

    fn set_release(&mut self, value: &hazsim_grid::Field) -> Result<()> {
        let cells = hazsim_grid::simulation::marked_cells(value, self.terrain.dem().shape());
        if cells.is_empty() {
            return Err(Error::EmptyRelease {
                what: "a debris.release input that marks no cell".to_string(),
            });
        }
        self.pending.extend(cells);
        Ok(())
    }
}

impl Simulation for RoutingSimulation {
    fn hazard(&self) -> &'static str {
        "debris"
    }

    fn now(&self) -> f64 {
        self.t
    }

    /// Routing is instantaneous: an open-ended advance routes what is pending and stays at
    /// `now()` (or goes to 0 at the start).
    fn end_time(&self) -> f64 {
        0.0
    }

    fn advance(&mut self, until: f64, progress: &mut dyn Progress) -> hazsim_grid::Result<()> {
        RoutingSimulation::advance(self, until, progress).map_err(Into::into)
    }

    fn field(&self, name: &str) -> Option<ArrayView2<'_, f32>> {
        self.runout.field(name).map(|r| r.data.view())
    }

    fn fields(&self) -> &'static [FieldInfo] {
        hazsim_grid::fields::DEBRIS_ROUTING
    }

    fn inputs(&self) -> &'static [FieldInfo] {
        hazsim_grid::fields::DEBRIS_ROUTING_INPUTS
    }

    fn set_input(&mut self, name: &str, value: &hazsim_grid::Field) -> hazsim_grid::Result<()> {
        hazsim_grid::simulation::check_input_grid(name, value, &self.grid)?;
        match name {
            "debris.release" => self.set_release(value).map_err(Into::into),
            _ => Err(hazsim_grid::fields::unknown("input", name, self.inputs())),
        }
    }

    fn grid(&self) -> &Raster<()> {
        &self.grid
    }
}
