//! `dossier.yaml`: the site's settings.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error, Result};

pub const CONFIG_FILE: &str = "dossier.yaml";

/// The site configuration. Unknown keys are refused, so a typo is reported
/// instead of silently ignored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// BCP 47 language of the site, `fr` unless said otherwise.
    #[serde(default = "default_language")]
    pub language: String,
    /// Absolute URL where the site is published. Needed for the feed and the
    /// sitemap only: every link in the pages is relative.
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    #[serde(default)]
    pub authors: Vec<String>,
    /// Licence of the dossier's own texts, shown in the footer.
    #[serde(default)]
    pub license: Option<String>,
    /// Build the `embed/` views for course websites.
    #[serde(default = "default_true")]
    pub embed: bool,
    /// How many of the newest articles `atom.xml` carries (0: all of them).
    /// Each entry holds its article's full text, so a feed of every article
    /// grows with the dossier (93 MB at 10,000 articles) while readers only
    /// fetch what is new; Hugo (`rssLimit`) and Zola (`feed_limit`) cap it too.
    #[serde(default = "default_feed_limit")]
    pub feed_limit: usize,
}

fn default_language() -> String {
    "fr".into()
}
fn default_theme() -> String {
    "dossier".into()
}
fn default_output_dir() -> PathBuf {
    "public".into()
}
fn default_feed_limit() -> usize {
    50
}
fn default_true() -> bool {
    true
}

impl Config {
    /// Reads `dossier.yaml` from the site root.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let bytes = std::fs::read(&path).map_err(|e| {
            Error::user(
                Diagnostic::new(&path, format!("cannot read the configuration: {e}"))
                    .hint("run `dossier init DIR` to create a new dossier, or pass --root"),
            )
        })?;
        let text = crate::content::decode_utf8(&bytes, &path)?;
        let mut config: Config = crate::yaml::parse(&text, &path, 1)?;
        config.validate(&path, &text)?;
        Ok(config)
    }

    fn validate(&mut self, path: &Path, text: &str) -> Result<()> {
        if let Some(url) = &self.base_url {
            let url = url.trim();
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                let (line, col) = crate::yaml::locate_key(text, "base_url", 1);
                return Err(Error::user(
                    Diagnostic::new(
                        path,
                        format!("base_url `{url}` is not an absolute http(s) URL"),
                    )
                    .at(line, col)
                    .hint("write it like https://example.org/dossier/"),
                ));
            }
            self.base_url = Some(normalize_base_url(url));
        }
        if self.title.trim().is_empty() {
            let (line, col) = crate::yaml::locate_key(text, "title", 1);
            return Err(Error::user(
                Diagnostic::new(path, "the title is empty").at(line, col),
            ));
        }
        Ok(())
    }

    /// Applies `--base-url` from the command line.
    pub fn set_base_url(&mut self, url: &str) -> Result<()> {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(Error::user(
                Diagnostic::new(
                    "--base-url",
                    format!("`{url}` is not an absolute http(s) URL"),
                )
                .hint("write it like https://example.org/dossier/"),
            ));
        }
        self.base_url = Some(normalize_base_url(url));
        Ok(())
    }
}

/// Base URLs always end with exactly one slash, so `base + path` joins.
fn normalize_base_url(url: &str) -> String {
    format!("{}/", url.trim().trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_unknown_keys() {
        let c: Config = serde_yaml::from_str("title: T\n").unwrap();
        assert_eq!(c.language, "fr");
        assert_eq!(c.theme, "dossier");
        assert_eq!(c.output_dir, PathBuf::from("public"));
        assert_eq!(c.feed_limit, 50);
        let e = serde_yaml::from_str::<Config>("title: T\ncolour: red\n").unwrap_err();
        assert!(e.to_string().contains("unknown field `colour`"));
    }

    #[test]
    fn base_url_gets_one_trailing_slash() {
        assert_eq!(
            normalize_base_url("https://ex.org/d//"),
            "https://ex.org/d/"
        );
    }
}
