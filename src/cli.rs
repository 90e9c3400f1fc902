//! The command line: parsing, dispatch, messages and exit codes.
//!
//! Exit codes: 0 success, 1 a problem in the user's input (content,
//! config, theme), 2 an internal error (I/O on the output, a bug).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::build::{self, BuildOptions};
use crate::error::{Error, Result};

#[derive(Debug, Parser)]
#[command(
    name = "dossier",
    version,
    about = "Build a press dossier (articles, timeline, glossary) into a static website."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Args, Clone)]
pub struct SiteArgs {
    /// The dossier's directory (the one holding dossier.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Include articles and pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Absolute URL where the site is published (overrides base_url).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output directory (public/ by default).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site (overrides output_dir).
        #[arg(long, short = 'o', value_name = "DIR")]
        output_dir: Option<PathBuf>,
    },
    /// Load and render everything without writing; report every problem.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Also check external http(s) links (needs the network).
        #[arg(long)]
        external: bool,
    },
    /// Export the dossier as one HTML file and/or a SCORM 1.2 package.
    #[command(group = clap::ArgGroup::new("format").required(true).multiple(true).args(["single_file", "scorm"]))]
    Export {
        #[command(flatten)]
        site: SiteArgs,
        /// Write the whole dossier as one self-contained HTML file.
        #[arg(long, value_name = "FILE")]
        single_file: Option<PathBuf>,
        /// Write a SCORM 1.2 package (zip) for a learning platform.
        #[arg(long, value_name = "FILE.zip")]
        scorm: Option<PathBuf>,
    },
    /// Preview the site: serve it, rebuild on every change, reload the browser.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; anything but loopback lets others read the preview.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Poll the files for changes instead of using the system's events
        /// (for network or container file systems).
        #[arg(long)]
        poll: bool,
    },
    /// Create a new, empty dossier in DIR that builds at once.
    Init {
        /// The directory to create (must not exist or be empty).
        dir: PathBuf,
        /// The dossier's title.
        #[arg(long, default_value = "Mon dossier")]
        title: String,
    },
    /// Turn raw text of news pages (.txt) into article files with front matter.
    Import {
        /// Text files, or directories of .txt files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Where to write the articles.
        #[arg(long, value_name = "DIR", default_value = "content/articles")]
        out: PathBuf,
        /// Print the Markdown of the one input instead of writing a file.
        #[arg(long)]
        stdout: bool,
        /// Replace bodies edited since they were imported (front matter is kept).
        #[arg(long)]
        force: bool,
        /// List what would be written, write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // `--help` and `--version` succeed; a wrong command line is the
            // user's mistake (1), not an internal error (clap's default 2).
            let _ = e.print();
            return if e.use_stderr() { 1 } else { 0 };
        }
    };
    match std::panic::catch_unwind(|| run(cli)) {
        Ok(Ok(())) => 0,
        Ok(Err(e)) => {
            eprintln!("{e}");
            e.exit_code()
        }
        Err(_) => {
            eprintln!(
                "internal error: dossier crashed; please report this with the input that caused it"
            );
            2
        }
    }
}

fn build_options(site: &SiteArgs, output_dir: Option<PathBuf>) -> BuildOptions {
    BuildOptions {
        root: site.root.clone(),
        output_dir,
        base_url: site.base_url.clone(),
        drafts: site.drafts,
    }
}

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Build { site, output_dir } => {
            let opts = build_options(&site, output_dir);
            let start = std::time::Instant::now();
            let report = build::build(&opts)?;
            for w in &report.warnings {
                eprintln!("warning: {w}");
            }
            eprintln!(
                "Built {} articles, {} files into {} in {} ms",
                report.articles,
                report.files,
                report.output_dir.display(),
                start.elapsed().as_millis()
            );
            Ok(())
        }
        Command::Check { site, external } => {
            let opts = build_options(&site, None);
            let report = if external {
                build::check_external(&opts, &crate::check::external::ExternalOptions::default())?
            } else {
                build::check(&opts)?
            };
            for w in &report.warnings {
                eprintln!("warning: {w}");
            }
            eprintln!(
                "ok: {} articles, {} files would be written",
                report.articles, report.files
            );
            Ok(())
        }
        Command::Serve {
            site,
            port,
            bind,
            open,
            poll,
        } => serve(&site, port, bind, open, poll),
        Command::Export {
            site,
            single_file,
            scorm,
        } => {
            let opts = crate::export::ExportOptions {
                build: build_options(&site, None),
                single_file,
                scorm,
            };
            for w in crate::export::export(&opts)? {
                eprintln!(
                    "Wrote the {} {} ({} KiB)",
                    w.kind,
                    w.path.display(),
                    w.bytes.div_ceil(1024)
                );
            }
            Ok(())
        }
        Command::Init { dir, title } => {
            crate::init::init(&dir, &title)?;
            eprintln!(
                "Created a new dossier in {}. Next: cd {} && dossier build",
                dir.display(),
                dir.display()
            );
            Ok(())
        }
        Command::Import {
            paths,
            out,
            stdout,
            force,
            dry_run,
        } => {
            let opts = crate::import::ImportOptions {
                out,
                stdout,
                force,
                dry_run,
            };
            let report = crate::import::import(&paths, &opts)?;
            for f in &report.files {
                for w in &f.warnings {
                    eprintln!("{w}");
                }
                eprintln!("{}", f.message(dry_run));
            }
            if report.problems.is_empty() {
                Ok(())
            } else {
                Err(Error::User(report.problems))
            }
        }
    }
}

fn serve(site: &SiteArgs, port: u16, bind: std::net::IpAddr, open: bool, poll: bool) -> Result<()> {
    if let Some(w) = crate::serve::bind_warning(bind) {
        eprintln!("warning: {w}");
    }
    let server = crate::serve::Server::start(crate::serve::ServeOptions {
        build: build_options(site, None),
        bind,
        port,
        poll,
    })?;
    if let Some(w) = server.watch_warning() {
        eprintln!("warning: {w}");
    }
    let url = server.url();
    let watching = if server.is_polling() {
        "polling the files"
    } else {
        "watching the files"
    };
    eprintln!("Serving the dossier at {url} ({watching}; Ctrl-C to stop)");
    if open && let Err(e) = ::open::that_detached(&url) {
        eprintln!("warning: cannot open a browser: {e}");
    }
    server.wait();
    Ok(())
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Internal(e.to_string())
    }
}
