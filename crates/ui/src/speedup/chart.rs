//! Geometry of the speedup chart: measured points, the ideal line and Amdahl's curve, as SVG
//! coordinates. Pure, so it is tested natively; the page only paints what this returns.

use interleave_experiments::speedup::amdahl;

/// The drawing area in SVG user units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    pub width: f64,
    pub height: f64,
}

/// Margins for axis labels.
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 34.0;

#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// Path `d` of y = x (perfect scaling).
    pub ideal: String,
    /// Path `d` of Amdahl's prediction for the current serial fraction.
    pub amdahl: String,
    /// Measured points: (x, y, threads, speedup).
    pub points: Vec<(f64, f64, u32, f64)>,
    pub x_ticks: Vec<(f64, String)>,
    pub y_ticks: Vec<(f64, String)>,
    /// The plot rectangle: x0, y0, x1, y1.
    pub frame: (f64, f64, f64, f64),
}

pub fn layout(measured: &[(u32, f64)], serial: f64, max_threads: u32, vp: Viewport) -> Chart {
    let max_threads = max_threads.max(2);
    let y_max = measured
        .iter()
        .map(|p| p.1)
        .fold(f64::from(max_threads), f64::max)
        .ceil();
    let (x0, x1) = (LEFT, vp.width - RIGHT);
    let (y0, y1) = (TOP, vp.height - BOTTOM);
    let sx = |t: f64| x0 + (t - 1.0) / f64::from(max_threads - 1) * (x1 - x0);
    let sy = |s: f64| y1 - s / y_max * (y1 - y0);
    let path = |pts: Vec<(f64, f64)>| {
        pts.iter()
            .enumerate()
            .map(|(i, (x, y))| format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { "L" }))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let samples = 64;
    let amdahl_pts = (0..=samples)
        .map(|i| {
            let t = 1.0 + f64::from(i) / f64::from(samples) * f64::from(max_threads - 1);
            (sx(t), sy(amdahl::predicted_speedup_at(serial, t)))
        })
        .collect();
    let tick_step = (f64::from(max_threads) / 8.0).ceil().max(1.0) as u32;
    let x_ticks = (1..=max_threads)
        .filter(|t| (t - 1) % tick_step == 0 || *t == max_threads)
        .map(|t| (sx(f64::from(t)), t.to_string()))
        .collect();
    let y_step = (y_max / 6.0).ceil().max(1.0);
    let y_ticks = (0..)
        .map(|i| f64::from(i) * y_step)
        .take_while(|v| *v <= y_max)
        .map(|v| (sy(v), format!("{v}×")))
        .collect();
    Chart {
        ideal: path(vec![(sx(1.0), sy(1.0)), (sx(f64::from(max_threads)), sy(f64::from(max_threads)))]),
        amdahl: path(amdahl_pts),
        points: measured.iter().map(|&(t, s)| (sx(f64::from(t)), sy(s), t, s)).collect(),
        x_ticks,
        y_ticks,
        frame: (x0, y0, x1, y1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VP: Viewport = Viewport { width: 400.0, height: 240.0 };

    #[test]
    fn points_land_inside_the_frame_and_scale_linearly() {
        let c = layout(&[(1, 1.0), (2, 1.9)], 0.0, 2, VP);
        let (x0, y0, x1, y1) = c.frame;
        for &(x, y, ..) in &c.points {
            assert!(x >= x0 && x <= x1 && y >= y0 && y <= y1);
        }
        assert_eq!(c.points[0].0, x0);
        assert_eq!(c.points[1].0, x1);
        assert!(c.points[1].1 < c.points[0].1, "higher speedup is drawn higher");
    }

    #[test]
    fn amdahl_with_no_serial_part_is_the_ideal_line() {
        let c = layout(&[], 0.0, 4, VP);
        assert!(c.amdahl.starts_with(c.ideal.split(' ').next().unwrap()));
        assert!(c.amdahl.ends_with(c.ideal.split(' ').next_back().unwrap().trim_start_matches('L')));
    }

    #[test]
    fn axis_grows_for_superlinear_measurements_and_ticks_are_bounded() {
        let c = layout(&[(2, 3.5)], 0.0, 2, VP);
        assert!(c.y_ticks.iter().any(|t| t.1 == "4×"));
        let many = layout(&[], 0.1, 16, VP);
        assert!(many.x_ticks.len() <= 9);
        assert_eq!(many.x_ticks.last().unwrap().1, "16");
    }
}
