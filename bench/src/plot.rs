//! SVG plots with `plotters` (SVG backend only: text is written as `<text>` elements, so no
//! system fonts or fontconfig are needed).

use std::path::Path;

use plotters::prelude::*;

use crate::model::{Mix, Runner};
use crate::report::{Agg, JS_LINES, MAIN_LINES, Target};
use crate::verdict::{Bound, Verdict};

pub const THROUGHPUT: &str = "benchmarks-throughput.svg";
pub const P999: &str = "benchmarks-p999.svg";
pub const CAPS: &str = "benchmarks-caps.svg";
pub const JS_THROUGHPUT: &str = "benchmarks-js-throughput.svg";
pub const JS_P999: &str = "benchmarks-js-p999.svg";
pub const TARGETS: &str = "benchmarks-targets.svg";

/// Which clients a pair of plots shows: the native ones or the JavaScript ones.
#[derive(Clone, Copy)]
pub enum Family {
    Native,
    Js,
}

impl Family {
    fn lines(self) -> &'static [(&'static str, Runner, Mix)] {
        match self {
            Family::Native => &MAIN_LINES,
            Family::Js => &JS_LINES,
        }
    }

    /// Room above the highest point, so the legend (eleven lines for the JavaScript plots)
    /// sits over empty space: a factor for the linear throughput axis and one for the log
    /// latency axis.
    fn headroom(self) -> (f64, f64) {
        match self {
            Family::Native => (1.15, 1.5),
            Family::Js => (2.3, 300.0),
        }
    }

    fn title(self, what: &str) -> String {
        match self {
            Family::Native => format!("{what} vs requests in flight (100 B values, one core each)"),
            Family::Js => {
                format!("{what} vs requests in flight, JavaScript (Node and Chromium, 100 B)")
            }
        }
    }
}

type PlotResult = Result<(), Box<dyn std::error::Error>>;
/// (legend label, colour, dashed, points) of one line; raw limits are dashed.
type Line = (&'static str, RGBColor, bool, Vec<(i32, f64)>);

const FONT: &str = "sans-serif";

fn color(runner: Runner, mix: Mix) -> RGBColor {
    match (runner, mix) {
        (Runner::Edgecache, Mix::GetSet) => RGBColor(0x1f, 0x77, 0xb4),
        (Runner::Edgecache, Mix::GetOnly) => RGBColor(0x2c, 0xa0, 0x2c),
        (Runner::Momento, _) => RGBColor(0xd6, 0x27, 0x28),
        (Runner::H2load, _) => RGBColor(0x7f, 0x7f, 0x7f),
        (Runner::NodeEdgecache, _) => RGBColor(0x1f, 0x77, 0xb4),
        (Runner::NodeEdgecacheFetch, _) => RGBColor(0x17, 0xbe, 0xcf),
        (Runner::NodeSdkWeb, _) => RGBColor(0xd6, 0x27, 0x28),
        (Runner::NodeSdk, _) => RGBColor(0xff, 0x7f, 0x0e),
        (Runner::ChromiumEdgecacheHttp, _) => RGBColor(0x2c, 0xa0, 0x2c),
        (Runner::ChromiumSdkWebHttp, _) => RGBColor(0x8c, 0x56, 0x4b),
        (Runner::ChromiumEdgecacheH2, _) => RGBColor(0x94, 0x67, 0xbd),
        (Runner::ChromiumSdkWebH2, _) => RGBColor(0xe3, 0x77, 0xc2),
        // Each raw limit in the colour of the edgecache row on its transport (and dashed).
        (Runner::NodeRawHttp2, _) => color(Runner::NodeEdgecache, mix),
        (Runner::ChromiumRawHttp, _) => color(Runner::ChromiumEdgecacheHttp, mix),
        (Runner::ChromiumRawH2, _) => color(Runner::ChromiumEdgecacheH2, mix),
    }
}

/// The distinct x values (in-flight levels or caps), in order: the axis is categorical, one
/// evenly spaced tick per level.
fn levels(values: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut v: Vec<usize> = values.collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Ticks sit at multiples of [`STEP`] (plotters picks those as key points for this range).
const STEP: i32 = 10;

fn position(levels: &[usize], level: usize) -> i32 {
    levels.iter().position(|&l| l == level).unwrap_or(0) as i32 * STEP
}

/// (label, color, points) for each line of the main sweep, x = position of the level.
fn lines(family: Family, main: &[Agg], levels: &[usize], y: fn(&Agg) -> f64) -> Vec<Line> {
    family
        .lines()
        .iter()
        .map(|&(label, runner, mix)| {
            let points = main
                .iter()
                .filter(|a| a.runner == runner && a.mix == mix && a.value_size == 100)
                .map(|a| (position(levels, a.in_flight), y(a)))
                .collect();
            (label, color(runner, mix), runner.is_raw(), points)
        })
        .filter(|(_, _, _, points): &(_, _, _, Vec<_>)| !points.is_empty())
        .collect()
}

/// The x axis over `levels`: one tick per level, a little room at both ends.
fn x_axis(levels: &[usize]) -> std::ops::Range<i32> {
    -3..(levels.len().max(1) as i32 - 1) * STEP + 3
}

fn tick_label(levels: &[usize], x: i32) -> String {
    if x < 0 || x % STEP != 0 {
        return String::new();
    }
    match levels.get((x / STEP) as usize) {
        Some(&l) if l >= crate::run::BURST => format!("{l} (cap)"),
        Some(l) => l.to_string(),
        None => String::new(),
    }
}

const LIGHT: RGBColor = RGBColor(0xee, 0xee, 0xee);

/// The in-flight levels the family's clients were measured at.
fn family_levels(family: Family, main: &[Agg]) -> Vec<usize> {
    levels(
        main.iter()
            .filter(|a| {
                family
                    .lines()
                    .iter()
                    .any(|l| l.1 == a.runner && l.2 == a.mix)
            })
            .map(|a| a.in_flight),
    )
}

pub fn throughput(path: &Path, main: &[Agg], family: Family) -> PlotResult {
    let levels = family_levels(family, main);
    let data = lines(family, main, &levels, |a| a.ops_per_s / 1000.0);
    let y_max = data
        .iter()
        .flat_map(|(_, _, _, p)| p.iter().map(|&(_, y)| y))
        .fold(1.0, f64::max)
        * family.headroom().0;
    let root = SVGBackend::new(path, (860, 500)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(family.title("Throughput"), (FONT, 20))
        .margin(12)
        .x_label_area_size(45)
        .y_label_area_size(65)
        .build_cartesian_2d(x_axis(&levels), 0f64..y_max)?;
    chart
        .configure_mesh()
        .x_labels(levels.len() + 1)
        .x_desc("requests in flight (5000: issued at once, through edgecache's cap of 100)")
        .y_desc("thousand ops/s")
        .x_label_formatter(&|x| tick_label(&levels, *x))
        .light_line_style(LIGHT)
        .label_style((FONT, 14))
        .draw()?;
    draw_lines(&mut chart, data)?;
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font((FONT, 14))
        .draw()?;
    root.present()?;
    Ok(())
}

pub fn p999(path: &Path, main: &[Agg], family: Family) -> PlotResult {
    let levels = family_levels(family, main);
    // A point where no call completed in the window has no latency: it is left out.
    let answered: Vec<Agg> = main.iter().filter(|a| a.ops_per_s > 0.0).cloned().collect();
    let data = lines(family, &answered, &levels, |a| {
        (a.p999_us / 1000.0).max(0.001)
    });
    let (lo, hi) = data
        .iter()
        .flat_map(|(_, _, _, p)| p.iter().map(|&(_, y)| y))
        .fold((f64::INFINITY, 0.0f64), |(lo, hi), y| {
            (lo.min(y), hi.max(y))
        });
    let (lo, hi) = if hi > 0.0 {
        (lo * 0.7, hi * family.headroom().1)
    } else {
        (0.01, 10.0)
    };
    let root = SVGBackend::new(path, (860, 500)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(family.title("p99.9 latency"), (FONT, 20))
        .margin(12)
        .x_label_area_size(45)
        .y_label_area_size(65)
        .build_cartesian_2d(x_axis(&levels), (lo..hi).log_scale())?;
    chart
        .configure_mesh()
        .x_labels(levels.len() + 1)
        .x_desc("requests in flight (5000: issued at once, through edgecache's cap of 100)")
        .y_desc("p99.9, ms (log scale)")
        .y_labels(12)
        .x_label_formatter(&|x| tick_label(&levels, *x))
        .light_line_style(LIGHT)
        .y_label_formatter(&|y| {
            if *y >= 10.0 {
                format!("{y:.0}")
            } else if *y >= 1.0 {
                format!("{y:.1}")
            } else {
                format!("{y:.2}")
            }
        })
        .label_style((FONT, 14))
        .draw()?;
    draw_lines(&mut chart, data)?;
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font((FONT, 14))
        .draw()?;
    root.present()?;
    Ok(())
}

fn draw_lines<'a, DB, CT>(chart: &mut ChartContext<'a, DB, CT>, data: Vec<Line>) -> PlotResult
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    CT: CoordTranslate<From = (i32, f64)>,
{
    for (label, c, dashed, points) in data {
        let style = c.stroke_width(2);
        let series = if dashed {
            chart.draw_series(DashedLineSeries::new(points.clone(), 7, 5, style))
        } else {
            chart.draw_series(LineSeries::new(points.clone(), style))
        };
        // The legend's sample is two strokes: touching, or with a gap for a dashed line.
        let gap = if dashed { 5 } else { 0 };
        series
            .map_err(|e| e.to_string())?
            .label(label)
            .legend(move |(x, y)| {
                EmptyElement::at((x, y))
                    + PathElement::new(vec![(0, 0), (10 - gap / 2, 0)], style)
                    + PathElement::new(vec![(10 + gap / 2, 0), (20, 0)], style)
            });
        chart
            .draw_series(points.into_iter().map(|p| Circle::new(p, 4, c.filled())))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Two panels side by side: ops/s against the cap, and p99.9 against the cap.
pub fn caps(path: &Path, caps: &[Agg]) -> PlotResult {
    let root = SVGBackend::new(path, (960, 440)).into_drawing_area();
    root.fill(&WHITE)?;
    let (title, body) = root.split_vertically(40);
    title.titled(
        "5,000 requests issued at once on one event loop, edgecache's cap swept",
        (FONT, 20),
    )?;
    let panels = body.split_evenly((1, 2));
    let cap_levels = levels(caps.iter().filter_map(|a| a.cap));
    let points: Vec<(i32, f64, f64)> = caps
        .iter()
        .filter_map(|a| {
            a.cap.map(|c| {
                (
                    position(&cap_levels, c),
                    a.ops_per_s / 1000.0,
                    a.p999_us / 1000.0,
                )
            })
        })
        .collect();
    let blue = color(Runner::Edgecache, Mix::GetSet);
    let red = color(Runner::Momento, Mix::GetSet);

    let y_max = points.iter().map(|p| p.1).fold(1.0, f64::max) * 1.15;
    let mut left = ChartBuilder::on(&panels[0])
        .margin(12)
        .x_label_area_size(45)
        .y_label_area_size(60)
        .build_cartesian_2d(x_axis(&cap_levels), 0f64..y_max)?;
    left.configure_mesh()
        .x_labels(cap_levels.len() + 1)
        .x_desc("edgecache in-flight cap")
        .y_desc("thousand ops/s")
        .x_label_formatter(&|x| tick_label(&cap_levels, *x))
        .light_line_style(LIGHT)
        .label_style((FONT, 14))
        .draw()?;
    let series: Vec<(i32, f64)> = points.iter().map(|p| (p.0, p.1)).collect();
    left.draw_series(LineSeries::new(series.clone(), blue.stroke_width(2)))?;
    left.draw_series(series.into_iter().map(|p| Circle::new(p, 4, blue.filled())))?;

    let (lo, hi) = points
        .iter()
        .map(|p| p.2.max(0.001))
        .fold((f64::INFINITY, 0.0f64), |(lo, hi), y| {
            (lo.min(y), hi.max(y))
        });
    let (lo, hi) = if hi > 0.0 {
        (lo * 0.7, hi * 1.5)
    } else {
        (0.01, 10.0)
    };
    let mut right = ChartBuilder::on(&panels[1])
        .margin(12)
        .x_label_area_size(45)
        .y_label_area_size(60)
        .build_cartesian_2d(x_axis(&cap_levels), (lo..hi).log_scale())?;
    right
        .configure_mesh()
        .x_labels(cap_levels.len() + 1)
        .x_desc("edgecache in-flight cap")
        .y_desc("p99.9 incl. wait in the cap, ms (log)")
        .y_labels(12)
        .x_label_formatter(&|x| tick_label(&cap_levels, *x))
        .light_line_style(LIGHT)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .label_style((FONT, 14))
        .draw()?;
    let series: Vec<(i32, f64)> = points.iter().map(|p| (p.0, p.2.max(0.001))).collect();
    right.draw_series(LineSeries::new(series.clone(), red.stroke_width(2)))?;
    right.draw_series(series.into_iter().map(|p| Circle::new(p, 4, red.filled())))?;
    root.present()?;
    Ok(())
}

/// Each judged target as "× its threshold", oriented so that right of 1 clears it: the median
/// as a dot and the range over the repeats as a bar. Rows whose figure can be zero or
/// negative (memory growth) are in the table only.
pub fn targets(path: &Path, targets: &[Target]) -> PlotResult {
    let rows: Vec<(String, Verdict, f64, f64, f64)> = targets
        .iter()
        .filter_map(|t| {
            let (bound, s) = (t.bound?, t.spread?);
            let scale = |x: f64| match bound {
                Bound::AtLeast(th) => x / th,
                Bound::AtMost(th) => th / x,
            };
            let memory = t.name.contains("growth");
            (!memory && s.min > 0.0).then(|| {
                let (a, b) = (scale(s.min), scale(s.max));
                let name: String = t.name.chars().take(70).collect();
                (name, t.verdict, scale(s.median), a.min(b), a.max(b))
            })
        })
        .collect();
    let height = 90 + 34 * rows.len().max(1) as u32;
    let root = SVGBackend::new(path, (1100, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let (lo, hi) = rows
        .iter()
        .fold((0.5f64, 2.0f64), |(lo, hi), r| (lo.min(r.3), hi.max(r.4)));
    let n = rows.len().max(1) as f64;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Targets: median (dot) and range over the repeats (bar), × the target",
            (FONT, 18),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(560)
        .build_cartesian_2d((lo * 0.8..hi * 1.25).log_scale(), -0.5f64..n - 0.5)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(rows.len().max(1))
        .y_label_formatter(&|y| {
            let i = y.round();
            if (y - i).abs() > 0.01 || i < 0.0 {
                return String::new();
            }
            rows.get(rows.len().wrapping_sub(1 + i as usize))
                .map_or(String::new(), |r| r.0.clone())
        })
        .x_desc("× the target (right of 1 clears it)")
        .x_label_formatter(&|x| format!("{x:.2}"))
        .light_line_style(LIGHT)
        .label_style((FONT, 12))
        .draw()?;
    chart.draw_series(LineSeries::new(
        [(1.0, -0.5), (1.0, n - 0.5)],
        BLACK.stroke_width(1),
    ))?;
    for (i, (_, verdict, median, min, max)) in rows.iter().rev().enumerate() {
        let y = i as f64;
        let c = match verdict {
            Verdict::Met => RGBColor(0x2c, 0xa0, 0x2c),
            Verdict::Missed => RGBColor(0xd6, 0x27, 0x28),
            _ => RGBColor(0x7f, 0x7f, 0x7f),
        };
        chart.draw_series(LineSeries::new([(*min, y), (*max, y)], c.stroke_width(3)))?;
        chart.draw_series([Circle::new((*median, y), 5, c.filled())])?;
    }
    root.present()?;
    Ok(())
}
