//! The SCORM 1.2 package: the built site plus `imsmanifest.xml` at the
//! root of a zip, which a learning platform imports as an activity.
//!
//! The manifest follows the SCORM 1.2 content packaging structure (IMS CP
//! 1.1.2 with the ADL `adlcp` extension): metadata naming the schema
//! "ADL SCORM" version 1.2, one organization with one item per learning
//! unit (the home page, each article, the timeline, the glossary), one
//! `sco` resource per item launching that page, and one `asset` resource
//! listing every other file of the site, which each SCO depends on.
//!
//! Only the pages of a package load the runtime script (`scorm.js`, from
//! the theme's static files): it reports to the platform when a page has
//! been read. The normal build neither copies nor loads it.

use std::io::Write;

use zip::write::SimpleFileOptions;

use crate::error::{Diagnostic, Error, Result};
use crate::render::{Output, RenderSettings, Renderer};
use crate::text::escape_html as xml;
use crate::typography;

/// The runtime script every page of a package loads.
pub const RUNTIME: &str = "scorm.js";
pub const MANIFEST: &str = "imsmanifest.xml";
/// The resource listing every file that is not a launch page.
const SHARED_RESOURCE: &str = "RES-fichiers";

/// Whether a static file of the theme is the SCORM runtime (`scorm.js`,
/// `scorm-*.js`), which only packages get.
pub fn is_runtime(static_path: &str) -> bool {
    !static_path.contains('/') && static_path.starts_with("scorm") && static_path.ends_with(".js")
}

/// The scripts every page loads for these settings: the runtime in a
/// package, nothing otherwise. `root` leads from the page to the site root.
pub fn runtime_scripts(settings: &RenderSettings, root: &str) -> Vec<String> {
    if settings.scorm {
        vec![format!("{root}{RUNTIME}")]
    } else {
        Vec::new()
    }
}

/// One item of the organization: a page a learner opens from the
/// platform's table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// `accueil`, `article-<slug>`, `chronologie`, `glossaire`.
    pub key: String,
    pub title: String,
    /// The page it launches, site-relative.
    pub href: String,
}

/// The package's items, in the order a course would take them.
pub fn items(r: &Renderer) -> Vec<Item> {
    let lang = r.site.config.language.as_str();
    let home_title = r
        .site
        .index
        .as_ref()
        .map_or("Présentation", |p| p.title.as_str());
    let mut items = vec![Item {
        key: "accueil".into(),
        title: typography::apply(home_title, lang),
        href: "index.html".into(),
    }];
    items.extend(r.site.articles.iter().map(|a| Item {
        key: format!("article-{}", a.slug),
        title: typography::apply(&a.title, &a.lang),
        href: format!("{}index.html", a.path()),
    }));
    items.push(Item {
        key: "chronologie".into(),
        title: "Chronologie".into(),
        href: "timeline/index.html".into(),
    });
    items.push(Item {
        key: "glossaire".into(),
        title: "Glossaire".into(),
        href: "glossary/index.html".into(),
    });
    items
}

/// `imsmanifest.xml` for the site's `files` (every path of the package but
/// the manifest itself).
pub fn manifest(r: &Renderer, files: &[&str]) -> String {
    let site = &r.site.config;
    let title = typography::apply(&site.title, &site.language);
    let items = items(r);
    let identifier = format!("dossier-{}", crate::text::slugify(&site.title));
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(&format!(
        "<manifest identifier=\"{}\" version=\"1.0\"\n  \
         xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"\n  \
         xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\"\n  \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n  \
         xsi:schemaLocation=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd \
         http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd \
         http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd\">\n",
        xml(&identifier)
    ));
    x.push_str("  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>1.2</schemaversion>\n  </metadata>\n");
    x.push_str("  <organizations default=\"ORG-dossier\">\n    <organization identifier=\"ORG-dossier\">\n");
    x.push_str(&format!("      <title>{}</title>\n", xml(&title)));
    for it in &items {
        x.push_str(&format!(
            "      <item identifier=\"ITEM-{key}\" identifierref=\"RES-{key}\" isvisible=\"true\">\n        <title>{}</title>\n      </item>\n",
            xml(&it.title),
            key = it.key,
        ));
    }
    x.push_str("    </organization>\n  </organizations>\n  <resources>\n");
    for it in &items {
        x.push_str(&format!(
            "    <resource identifier=\"RES-{key}\" type=\"webcontent\" adlcp:scormtype=\"sco\" href=\"{href}\">\n      <file href=\"{href}\"/>\n      <dependency identifierref=\"{SHARED_RESOURCE}\"/>\n    </resource>\n",
            key = it.key,
            href = xml(&uri_path(&it.href)),
        ));
    }
    x.push_str(&format!(
        "    <resource identifier=\"{SHARED_RESOURCE}\" type=\"webcontent\" adlcp:scormtype=\"asset\">\n"
    ));
    for f in files {
        if !items.iter().any(|it| it.href == *f) {
            x.push_str(&format!("      <file href=\"{}\"/>\n", xml(&uri_path(f))));
        }
    }
    x.push_str("    </resource>\n  </resources>\n</manifest>\n");
    x
}

/// A file path as a URI reference: every byte outside the unreserved set
/// and `/` percent-encoded (`é` → `%C3%A9`).
fn uri_path(path: &str) -> String {
    let mut s = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

/// The zip: the rendered site, then the manifest, in a stable order with
/// fixed timestamps, so the same dossier gives the same bytes.
pub fn package(r: &Renderer, outputs: &[Output]) -> Result<Vec<u8>> {
    if !outputs.iter().any(|o| o.path == RUNTIME) {
        return Err(Error::user(
            Diagnostic::new(
                format!("themes/{}/static/{RUNTIME}", r.site.config.theme),
                "the theme has no SCORM runtime script",
            )
            .hint("copy static/scorm.js from the default theme (dossier init creates it)"),
        ));
    }
    let mut sorted: Vec<&Output> = outputs.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let files: Vec<&str> = sorted.iter().map(|o| o.path.as_str()).collect();
    let manifest = manifest(r, &files);

    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    let zip_err = |e: zip::result::ZipError| Error::Internal(format!("writing the zip: {e}"));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(MANIFEST, options).map_err(zip_err)?;
    zip.write_all(manifest.as_bytes())?;
    for o in sorted {
        zip.start_file(o.path.as_str(), options).map_err(zip_err)?;
        zip.write_all(&o.bytes)?;
    }
    Ok(zip.finish().map_err(zip_err)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_files_are_recognised() {
        assert!(is_runtime("scorm.js"));
        assert!(is_runtime("scorm-debug.js"));
        assert!(!is_runtime("embed.js"));
        assert!(!is_runtime("vendor/scorm.js"));
    }

    #[test]
    fn uri_paths_are_percent_encoded() {
        assert_eq!(uri_path("img/été 1.png"), "img/%C3%A9t%C3%A9%201.png");
        assert_eq!(uri_path("articles/x/index.html"), "articles/x/index.html");
    }
}
