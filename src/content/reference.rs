//! A cited source, as glossary terms and timeline events list them.

use serde::{Deserialize, Serialize};

/// Where a fact can be checked: a title and at least a publisher, a URL or a
/// bibliographic reference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub title: String,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// A citation that is not a URL: a law's number, a seed article.
    #[serde(default)]
    pub reference: Option<String>,
    /// When the source was published, as written by it.
    #[serde(default)]
    pub date: Option<String>,
}
