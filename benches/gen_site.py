#!/usr/bin/env python3
"""Generate a synthetic dossier of N articles for the build benchmark.

Each article has 600 to 1,200 words of French-like Markdown (headings,
emphasis, links, a list, a blockquote, straight quotes and apostrophes for
the typography pass), front matter with title, date, tags and source, and
one article in ten has a fenced code block. The output is deterministic for
a given seed, so two runs measure the same bytes.

Usage: gen_site.py N OUT_DIR [--seed S]
Writes OUT_DIR/dossier.yaml and OUT_DIR/content/; the caller adds themes/.
"""

import argparse
import os
import random

WORDS = """
le la les un une des du de au aux et ou mais donc car ni que qui quoi dont où
gouvernement ministère intérieur renseignement sécurité service agence État
chiffrement chiffré données métadonnées communication communications message
messagerie réseau réseaux social sociaux plateforme entreprise entreprises
accès légal enquête enquêteurs justice juge procureur police terrorisme
terroriste menace surveillance écoute écoutes interception contenu contenus
loi projet texte article décret règlement europe européen britannique
français américain international sommet ministre président directeur porte-parole
téléphone internet application logiciel clé serveur protocole sécurisé
vie privée liberté libertés droit droits citoyen citoyens association défense
débat question réponse proposition demande coopération accord négociation
année mois semaine jour hier aujourd’hui demain récemment longtemps souvent
nouveau nouvelle grand grande important importante difficile possible nécessaire
technique technologique numérique public publique privé privée national nationale
déclaré affirmé expliqué souligné rappelé annoncé estimé ajouté précisé réclamé
veut doit peut pourrait devrait faut permet permettre obtenir garantir protéger
faciliter renforcer limiter contrôler vérifier publier transmettre conserver
""".split()

TAGS = [
    "chiffrement", "métadonnées", "terrorisme", "GCHQ", "NSA", "France",
    "Royaume-Uni", "États-Unis", "Union européenne", "G7", "réseaux sociaux",
    "messageries", "Telegram", "WhatsApp", "Facebook", "Twitter", "Apple",
    "vie privée", "surveillance", "justice", "police", "législation",
    "portes dérobées", "cybersécurité", "Interpol", "Europol", "Allemagne",
    "Australie", "Canada", "libertés publiques", "renseignement", "données",
    "opérateurs", "cloud", "téléphonie", "quantique", "clés", "débat public",
    "Conseil d’État", "CNIL", "parlement", "sénat", "sommet", "coopération",
    "enquêtes", "preuves numériques", "lanceurs d’alerte", "Snowden",
    "éducation", "économie",
]

SOURCES = [
    "Reuters", "AFP", "Le Monde", "Libération", "Le Figaro", "Les Échos",
    "L’Usine Nouvelle", "Stratégies", "The Guardian", "Mediapart",
]

CODE = {
    "rust": 'fn main() {\n    let cle = [0u8; 32];\n    println!("{} octets", cle.len());\n}\n',
    "python": 'def chiffre(message: str) -> bytes:\n    return message.encode("utf-8")[::-1]\n',
    "sh": 'gpg --encrypt --recipient "dossier@example.org" note.txt\n',
    "json": '{"id": "essai", "date": "2017-06-13", "tags": ["chiffrement"]}\n',
}


def sentence(rng, n_words):
    words = [rng.choice(WORDS) for _ in range(n_words)]
    r = rng.random()
    if r < 0.08:
        i = rng.randrange(1, n_words - 2)
        words[i] = f"*{words[i]}*"
    elif r < 0.12:
        i = rng.randrange(1, n_words - 2)
        words[i] = f"**{words[i]}**"
    elif r < 0.16:
        i = rng.randrange(1, n_words - 2)
        words[i] = f"[{words[i]}](https://exemple.fr/{rng.randrange(10000)}/)"
    elif r < 0.22:
        i = rng.randrange(0, n_words - 4)
        words[i] = '"' + words[i]
        words[i + 2] = words[i + 2] + '"'
    elif r < 0.26:
        words.insert(rng.randrange(1, n_words), "l'accès")
    text = " ".join(words)
    end = rng.choices([".", " ?", " !", " ; puis", ":"], [80, 6, 4, 5, 5])[0]
    if end in (" ; puis", ":"):
        text += end + " " + " ".join(rng.choice(WORDS) for _ in range(5)) + "."
    else:
        text += end
    return text[0].upper() + text[1:]


def plain_sentence(rng, n_words):
    """A sentence without markup or quotes, safe inside YAML double quotes."""
    text = " ".join(rng.choice(WORDS) for _ in range(n_words)) + "."
    return text[0].upper() + text[1:]


def paragraph(rng):
    sentences = [sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(3, 6))]
    return " ".join(sentences)


def count_words(md):
    return len(md.split())


def article(rng, i, with_code):
    # The last paragraph may overshoot by up to ~150 words: stay under 1,200.
    target = rng.randint(600, 1040)
    blocks = []
    words = 0
    section = 0
    placed_list = placed_quote = placed_code = False
    while words < target:
        if words > target * (section + 1) / 4 and section < 3:
            section += 1
            title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5)))
            blocks.append(f"## {title.capitalize()}")
        elif not placed_list and words > target / 3:
            placed_list = True
            items = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9))) for _ in range(rng.randint(3, 5))]
            blocks.append("\n".join(f"- {it} ;" for it in items))
            words += sum(len(it.split()) for it in items)
        elif not placed_quote and words > target / 2:
            placed_quote = True
            q = paragraph(rng)
            blocks.append("> " + q)
            words += count_words(q)
        elif with_code and not placed_code and words > target * 2 / 3:
            placed_code = True
            lang = rng.choice(sorted(CODE))
            blocks.append(f"```{lang}\n{CODE[lang]}```")
        else:
            p = paragraph(rng)
            blocks.append(p)
            words += count_words(p)
    year = rng.randint(2000, 2024)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    precision = rng.choices(["day", "month", "year"], [85, 12, 3])[0]
    date = {"day": f"{year}-{month:02d}-{day:02d}", "month": f"{year}-{month:02d}", "year": f"{year}"}[precision]
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 11))).capitalize()
    tags = rng.sample(TAGS, rng.randint(2, 4))
    source = rng.choice(SOURCES)
    if rng.random() < 0.5:
        source_yaml = f'source: "{source}"'
    else:
        source_yaml = f'source:\n  name: "{source}"\n  url: https://exemple.fr/articles/{i}'
    front = "\n".join([
        "---",
        f'title: "{title} ({i})"',
        f"slug: article-{i:05d}",
        f"date: {date}",
        source_yaml,
        "tags: [" + ", ".join(f'"{t}"' for t in tags) + "]",
        f'summary: "{plain_sentence(rng, 18)}"',
        "---",
    ])
    return front + "\n\n" + "\n\n".join(blocks) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    articles = os.path.join(args.out, "content", "articles")
    os.makedirs(articles, exist_ok=True)
    with open(os.path.join(args.out, "dossier.yaml"), "w", encoding="utf-8") as f:
        f.write('title: "Dossier synthétique"\n'
                'description: "Un dossier généré pour mesurer la vitesse du build."\n'
                "base_url: https://example.org/bench/\n")
    with open(os.path.join(args.out, "content", "_index.md"), "w", encoding="utf-8") as f:
        f.write("---\ntitle: Dossier synthétique\n---\n\n" + paragraph(rng) + "\n")
    for i in range(args.n):
        with open(os.path.join(articles, f"article-{i:05d}.md"), "w", encoding="utf-8") as f:
            f.write(article(rng, i, with_code=(i % 10 == 0)))


if __name__ == "__main__":
    main()
