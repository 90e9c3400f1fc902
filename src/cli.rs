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
    },
    /// Create a new, empty dossier in DIR that builds at once.
    Init {
        /// The directory to create (must not exist or be empty).
        dir: PathBuf,
        /// The dossier's title.
        #[arg(long, default_value = "Mon dossier")]
        title: String,
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
        Command::Check { site } => {
            let opts = build_options(&site, None);
            let report = build::check(&opts)?;
            for w in &report.warnings {
                eprintln!("warning: {w}");
            }
            eprintln!(
                "ok: {} articles, {} files would be written",
                report.articles, report.files
            );
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
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Internal(e.to_string())
    }
}
