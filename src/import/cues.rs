//! Clutter cues: the vocabulary of page furniture, not of any one site.
//!
//! News sites are built from the same parts (share bars, subscription and
//! newsletter boxes, cookie banners, "read also" links, most-read lists,
//! podcast and video teasers, comment threads, job and tender ads, photo
//! credits, legal footers), and each part speaks the same few words in
//! French and English. A cue alone does not condemn a long paragraph:
//! story text may mention a newsletter. The classifier weighs cues by the
//! block's length (see `classify`).

use std::sync::OnceLock;

use regex::Regex;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("cue pattern")
}

macro_rules! cue {
    ($name:ident, $pattern:expr) => {
        fn $name() -> &'static Regex {
            static RE: OnceLock<Regex> = OnceLock::new();
            RE.get_or_init(|| re($pattern))
        }
    };
}

// Interface words: buttons, menus, boxes. Matched on whole words.
cue!(
    ui_re,
    r"(?i)\b(partager|partagez|partage|share|shares|sharing|tweet(?:er)?|imprimer|print|envoyer par (?:e-?mail|courriel)|email this|copier le lien|copy link|abonnez-vous|abonnez vous|s['’]abonner|abonné|abonnés|abonnement|subscribe|subscription|subscribers?|newsletters?|lettre d['’]information|inscrivez-vous|inscription|s['’]inscrire|sign up|sign in|log in|login|se connecter|connectez-vous|connexion|mon compte|my account|mot de passe|password|cookies?|traceurs|tout accepter|accept all|tout refuser|reject all|param[ée]trer|gérer mes choix|manage (?:preferences|cookies|choices)|podcasts?|écouter|listen(?: now)?|épisodes?|episodes?|vidéos?|videos?|diaporama|en images|galerie|gallery|publicité|advertisement|advertising|sponsoris[ée]e?|sponsored|proposé par|promoted|tout voir|voir tout|voir plus|see all|show more|load more|charger plus|afficher plus|suivez(?:-nous)?|follow us|rejoignez-nous|join us|télécharger l['’]app(?:lication)?|download (?:the|our) app|app store|google play|accueil|home ?page|menu|rechercher|search|fermer|close|retour|back to top|haut de page|commentaires?|comments?|réagir|réagissez|répondre|reply|signaler|report this|j['’]aime|mentions légales|cgu|cgv|conditions générales|terms (?:of use|of service|and conditions)|privacy policy|politique de confidentialité|données personnelles|nous contacter|contactez-nous|contact us|plan du site|site ?map|qui sommes-nous|about us|flux rss|rss|lire la suite|read more|en savoir plus|learn more|offres?|essai gratuit|free trial|recevez|boîte mail|inbox|cliquez|cliquant|click|thématiques|sujets associés|related topics|tags|mots-clés|en continu|live|direct|alertes?)\b"
);

// Phrases that open a link to another article, inside the story.
cue!(
    link_lead_in_re,
    r"(?i)^(?:[►▶>→»•*-]\s*)?(?:à lire aussi|a lire aussi|lire aussi|à lire également|lire également|à voir aussi|voir aussi|voir également|à lire|read more|read also|also read|see also|related|more on this(?: story)?|sur le même sujet|en savoir plus|lire la suite|pour aller plus loin|notre dossier|écouter aussi|regarder aussi|watch|listen)\b"
);

// Labels of advertisements.
cue!(
    ad_label_re,
    r"(?i)^(?:publicité|advertisement|advertising|sponsored|sponsorisé|contenu sponsorisé|partenaire|annonce|ad)\b"
);

// Headers that open the page's trailing furniture: what follows is not the
// story any more.
cue!(
    section_end_re,
    r"(?i)^(?:\d+\s+)?(?:commentaires?|comments?|réactions?|vos réactions|(?:les |articles |nos articles )?(?:les )?plus (?:lus|partagés|commentés)|articles les plus lus|most (?:read|popular|viewed|shared)|(?:sur le )?même sujet|dans la même rubrique|à lire aussi sur le même sujet|related (?:articles|stories|content|topics)|more (?:stories|from|on this topic)|recommandé(?:s)? pour vous|recommended(?: for you)?|vous aimerez aussi|you may also like|you might also like|nos newsletters|newsletters?|sujets associés|(?:tous )?les podcasts|tous les podcasts|mentions légales|tous droits réservés|all rights reserved|à la une|top stories|les services de .+|les événements .+)(?:\s*\(\d+\))?\s*:?$"
);

// Photo and video credits, captions' trailing credits.
cue!(
    credit_re,
    r"(?i)(?:^|\b)(?:photos?|crédits?(?: photo)?|credits?|illustration|image|vidéo|video|infographie)\s*:|©|\(photo[^)]*\)|\b(?:afp|reuters|ap|getty images|epa|maxppp|sipa|hans lucas|shutterstock|istock)\s*(?:photo)?\s*$|\b[\p{Lu}][\p{Lu}'’. -]+\s*/\s*[\p{Lu}][\p{L}]+(?: [\p{Lu}][\p{L}]+)?\s*$"
);

// Job and tender ads.
cue!(
    job_re,
    r"(?i)\b(?:[hf]\s*/\s*[fh]|cdi|cdd|intérim|offres? d['’]emploi|recrute(?:nt)?|recrutement|jobs?|hiring|postuler|apply now|avis de marché|appels? d['’]offres|date de r[ée]ponse|opportunités d['’]affaires|salaire|salary)\b"
);

// Counters and relative times of social widgets and comment threads.
cue!(
    counter_re,
    r"(?i)^(?:\d[\d  .,]*\s*(?:commentaires?|comments?|partages?|shares?|likes?|vues|views|réactions?|min(?:utes?)? de lecture|min read)|(?:mis à jour |updated |publié |posted )?il y a \d+\s*(?:s|sec|min|minutes?|h|heures?|jours?|mois|ans?)|(?:updated |posted |published )?\d+\s*(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?) ago|\d+[- ]min(?:ute)?s? read|temps de lecture\s*:?.*|lecture\s*:?\s*\d+\s*min.*)$"
);

// Labels that announce a photo caption on the next line.
cue!(
    caption_label_re,
    r"(?i)^(?:image caption|caption|légende|photo|crédit photo|image source|source de l['’]image|illustration)\b.{0,40}$"
);

// Print-edition and republication notes.
cue!(
    colophon_re,
    r"(?i)^(?:a version of this article|this article (?:was|is|has been) (?:originally |first )?(?:published|appeared)|this story (?:was|has been) (?:originally )?published|cet article (?:est paru|a été publié|a paru|est extrait)|article paru dans|une version de cet article)"
);

// Copyright lines.
cue!(
    copyright_re,
    r"(?i)©|\bcopyright\b|tous droits réservés|all rights reserved"
);

/// Number of interface words in `text`.
pub fn ui_hits(text: &str) -> usize {
    ui_re().find_iter(text).count()
}

/// Whether `text` starts like a "read also" link or an ad label.
pub fn is_lead_in(text: &str) -> bool {
    is_link_lead_in(text) || ad_label_re().is_match(text)
}

/// Whether `text` starts like a "read also" link (what follows it, on its
/// line or the next, is another article's title).
pub fn is_link_lead_in(text: &str) -> bool {
    link_lead_in_re().is_match(text)
}

/// Whether the whole block is a header of the page's trailing furniture.
pub fn is_section_end(text: &str) -> bool {
    text.chars().count() <= 60 && section_end_re().is_match(text)
}

pub fn is_credit(text: &str) -> bool {
    credit_re().is_match(text)
}

pub fn is_job_ad(text: &str) -> bool {
    job_re().is_match(text)
}

pub fn is_counter(text: &str) -> bool {
    counter_re().is_match(text)
}

/// A label before a photo caption (`Image caption,`, `Légende :`).
pub fn is_caption_label(text: &str) -> bool {
    caption_label_re().is_match(text)
}

/// A note about where else the article appeared (`A version of this
/// article appears in print…`).
pub fn is_colophon(text: &str) -> bool {
    colophon_re().is_match(text)
}

pub fn is_copyright(text: &str) -> bool {
    copyright_re().is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interface_words_are_whole_words() {
        assert_eq!(ui_hits("Partager"), 1);
        assert_eq!(ui_hits("Écouter cet épisode"), 2);
        // "partageait" is a verb in a story, not a share button.
        assert_eq!(ui_hits("le Premier ministre partageait l'opinion"), 0);
    }

    #[test]
    fn lead_ins() {
        assert!(is_lead_in("Lire aussi : Le GCHQ veut plus d'accès"));
        assert!(is_lead_in("À LIRE AUSSI Le chiffrement en débat"));
        assert!(is_lead_in("► Read more: encryption row"));
        assert!(!is_lead_in("Lire le rapport prend du temps."));
    }

    #[test]
    fn section_ends() {
        for s in [
            "ARTICLES LES PLUS LUS",
            "Commentaires (12)",
            "12 commentaires",
            "Most read",
            "Sur le même sujet",
            "Tous les podcasts",
            "LES SERVICES DE L’USINE NOUVELLE",
            "Sujets associés",
        ] {
            assert!(is_section_end(s), "{s}");
        }
        assert!(!is_section_end("Un forum en ligne"));
        assert!(!is_section_end(
            "Les commentaires du ministre ont été mal reçus par les entreprises du secteur."
        ));
    }

    #[test]
    fn credits_jobs_counters_copyright() {
        assert!(is_credit("Photo : AFP / Thomas Samson"));
        assert!(is_credit(
            "Gérard Collomb à Paris, le 13 juin. THOMAS SAMSON / AFP"
        ));
        assert!(is_credit("(Photo by Leon Neal/Getty Images)"));
        assert!(!is_credit("Le ministre a parlé à Paris."));
        assert!(is_job_ad("Ingénieur chef de projet bâtiment H/F"));
        assert!(is_job_ad("LE CNAM - 18/01/2022 - CDD - PARIS"));
        assert!(!is_job_ad("Le gouvernement veut plus de coopération."));
        assert!(is_counter("il y a 3 heures"));
        assert!(is_counter("4 min de lecture"));
        assert!(is_counter("245 commentaires"));
        assert!(is_copyright("© Le Monde 2017"));
    }
}
