//! The build: load → render → write, the one path every command shares.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::{self, LoadOptions, Site};
use crate::error::Result;
use crate::output::{Sink, StreamFill};
use crate::render::Output;
use crate::render::{Bodies, RenderSettings, Renderer, theme};

/// What the user asked for on the command line.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
}

/// The outcome of a build, for the CLI's summary line.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub output_dir: PathBuf,
    pub articles: usize,
    pub files: usize,
    pub warnings: Vec<String>,
}

/// Loads the configuration, applying command-line overrides.
pub fn load_config(opts: &BuildOptions) -> Result<Config> {
    let mut config = Config::load(&opts.root)?;
    if let Some(url) = &opts.base_url {
        config.set_base_url(url)?;
    }
    Ok(config)
}

/// Loads the site model and its theme.
pub fn load(opts: &BuildOptions) -> Result<(Site, theme::Theme)> {
    let config = load_config(opts)?;
    let theme_name = config.theme.clone();
    let (site, theme) = rayon::join(
        || {
            content::load(
                &opts.root,
                config,
                LoadOptions {
                    drafts: opts.drafts,
                },
            )
        },
        || theme::load(&opts.root, &theme_name),
    );
    // Report content and theme problems together.
    match (site, theme) {
        (Ok(s), Ok(t)) => Ok((s, t)),
        (Err(crate::error::Error::User(mut a)), Err(crate::error::Error::User(b))) => {
            a.extend(b);
            Err(crate::error::Error::User(a))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// Where the site goes: `--output-dir`, else the config's `output_dir`,
/// relative to the site root.
pub fn output_dir(opts: &BuildOptions, config: &Config) -> PathBuf {
    match &opts.output_dir {
        Some(p) => p.clone(),
        None => opts.root.join(&config.output_dir),
    }
}

fn warnings(site: &Site) -> Vec<String> {
    let mut w = Vec::new();
    if site.config.base_url.is_none() {
        w.push("base_url is not set: atom.xml and sitemap.xml need absolute URLs and were skipped (set base_url in dossier.yaml or pass --base-url)".to_string());
    }
    w
}

/// Builds the site into its output directory. Broken links are warnings:
/// the site is written anyway, `check` is the strict command.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    let (mut site, theme) = load(opts)?;
    let out = output_dir(opts, &site.config);
    crate::output::check_output_dir(&out, &opts.root)?;
    // The articles' Markdown sources are not needed once their bodies are
    // rendered: not holding both is 95 MB less at 10,000 articles.
    let bodies = Bodies::render_taking(&mut site);
    let renderer = Renderer::with_bodies(&site, &theme, RenderSettings::default(), bodies);
    // Each page goes to disk as soon as it is rendered, so the site is never
    // held in memory whole (hundreds of megabytes at 10,000 articles); the
    // link check keeps only what it needs of each page: its links and ids.
    let scanning = Scanning::new(site.config.base_url.as_deref());
    let mut files = 0;
    crate::output::write_site_streaming(&out, |sink| {
        let paths = renderer.render_each(&scanning.around(sink))?;
        files = paths.len();
        Ok(paths)
    })?;
    let mut scanned = scanning.into_scanned()?;
    // Pages finish in any order: sort them, so warnings come out the same
    // way on every build.
    scanned.sort_by_path();
    let mut warnings = warnings(&site);
    warnings.extend(
        link_diagnostics(&site, &theme, scanned)
            .iter()
            .map(as_warning),
    );
    Ok(BuildReport {
        output_dir: out,
        articles: site.articles.len(),
        files,
        warnings,
    })
}

/// What the link check keeps of every page written.
struct Scanning<'b> {
    base_url: Option<&'b str>,
    scanned: std::sync::Mutex<crate::check::Collected>,
}

impl<'b> Scanning<'b> {
    fn new(base_url: Option<&'b str>) -> Self {
        Scanning {
            base_url,
            scanned: Default::default(),
        }
    }

    fn around<'s>(&'s self, inner: &'s dyn Sink) -> ScanningSink<'s, 'b> {
        ScanningSink {
            inner,
            scanning: self,
        }
    }

    fn keep(&self, s: crate::check::ScannedFile) -> Result<()> {
        self.scanned
            .lock()
            .map_err(|e| crate::error::Error::Internal(e.to_string()))?
            .add(s);
        Ok(())
    }

    fn into_scanned(self) -> Result<crate::check::Collected> {
        self.scanned
            .into_inner()
            .map_err(|e| crate::error::Error::Internal(e.to_string()))
    }
}

/// A sink that scans each file for the link check on its way to `inner`.
struct ScanningSink<'s, 'b> {
    inner: &'s dyn Sink,
    scanning: &'s Scanning<'b>,
}

impl Sink for ScanningSink<'_, '_> {
    fn write(&self, o: Output) -> Result<()> {
        self.scanning
            .keep(crate::check::ScannedFile::of(&o, self.scanning.base_url))?;
        self.inner.write(o)
    }

    fn write_streamed(&self, path: &str, fill: &mut StreamFill) -> Result<()> {
        let mut scanner = crate::check::Scanner::new(path, self.scanning.base_url);
        self.inner.write_streamed(path, &mut |w| {
            let mut tee = Tee {
                a: w,
                b: &mut scanner,
            };
            fill(&mut tee)
        })?;
        self.scanning.keep(scanner.finish())
    }
}

/// Writes everything to two writers.
struct Tee<'a> {
    a: &'a mut dyn std::io::Write,
    b: &'a mut dyn std::io::Write,
}

impl std::io::Write for Tee<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.a.write_all(buf)?;
        self.b.write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.a.flush()?;
        self.b.flush()
    }
}

/// Loads and renders everything, writes nothing: every problem is
/// reported, broken links included.
pub fn check(opts: &BuildOptions) -> Result<BuildReport> {
    check_inner(opts, None)
}

/// [`check`], and also asks every external `http(s)` link whether it still
/// answers (needs the network).
pub fn check_external(
    opts: &BuildOptions,
    external: &crate::check::external::ExternalOptions,
) -> Result<BuildReport> {
    check_inner(opts, Some(external))
}

fn check_inner(
    opts: &BuildOptions,
    external: Option<&crate::check::external::ExternalOptions>,
) -> Result<BuildReport> {
    let (mut site, theme) = load(opts)?;
    let out = output_dir(opts, &site.config);
    // An `output_dir` that `build` would refuse is a problem to report now.
    crate::output::check_output_dir(&out, &opts.root)?;
    let bodies = Bodies::render_taking(&mut site);
    let renderer = Renderer::with_bodies(&site, &theme, RenderSettings::default(), bodies);
    let outputs = renderer.render_all()?;
    let report = crate::check::check_links(&outputs, site.config.base_url.as_deref());
    let origins = crate::check::origin::Origins::new(&site, &theme);
    let mut diags = crate::check::diagnostics(&report.broken, &origins);
    if let Some(ext) = external {
        diags.extend(
            crate::check::external::check(&report.external, ext)
                .iter()
                .map(|d| crate::check::external::diagnostic(d, &origins)),
        );
    }
    if !diags.is_empty() {
        return Err(crate::error::Error::User(diags));
    }
    Ok(BuildReport {
        output_dir: out,
        articles: site.articles.len(),
        files: outputs.len(),
        warnings: warnings(&site),
    })
}

/// Broken internal links of the rendered site, against the files to fix.
fn link_diagnostics(
    site: &Site,
    theme: &theme::Theme,
    scanned: crate::check::Collected,
) -> Vec<crate::error::Diagnostic> {
    let report = scanned.report();
    let origins = crate::check::origin::Origins::new(site, theme);
    crate::check::diagnostics(&report.broken, &origins)
}

/// A diagnostic worded as a warning (the CLI prefixes `warning: `).
fn as_warning(d: &crate::error::Diagnostic) -> String {
    let mut s = format!("{}: {}", d.location(), d.message);
    if let Some(h) = &d.hint {
        s.push_str(&format!("\n  hint: {h}"));
    }
    s
}

/// Whether `root` looks like a dossier.
pub fn is_site_root(root: &Path) -> bool {
    root.join(crate::config::CONFIG_FILE).is_file()
}
