//! The `paveldas` command line.

use clap::{Parser, Subcommand};
use paveldas::config::Overrides;
use paveldas::diagnostic::Diagnostics;
use paveldas::{build, relative_diagnostics, scaffold, BuildOptions};
use std::path::PathBuf;
use std::process::ExitCode;

/// paveldas builds the multilingual lesson and badge site of "World Heritage in Young Hands".
///
/// Run it in a site's directory (the one with site.yaml). The built site works offline: open
/// public/index.html from disk, or copy the folder to a USB stick.
#[derive(Parser)]
#[command(
    name = "paveldas",
    version,
    about,
    long_about,
    after_help = "Examples:\n  paveldas init my-site --languages en,lt\n  paveldas build                       build the site in this directory into public/\n  paveldas build --root site --base-url https://heritage.example.org/\n  paveldas serve --open                build, serve and live-reload while you edit\n  paveldas l10n status --lang lt\n  paveldas new lesson 06-lithuania kernave\n  paveldas new badge heritage-explorer"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into its output directory (default: public/). Exit status 1 on any error;
    /// the previous output is then left untouched.
    Build {
        /// The site's root directory (with site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output directory (overrides output_dir in site.yaml).
        #[arg(long)]
        output: Option<PathBuf>,
        /// The http(s) URL the site will be published at (no query or fragment), overriding
        /// site.yaml's base_url; needed for badge JSON, sitemap and canonical links, and makes the
        /// 404 pages work at any depth on the host.
        #[arg(long)]
        base_url: Option<String>,
        /// Also build lessons marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Build, serve the site on http://127.0.0.1:1972/ and rebuild on every change: only what
    /// changed is re-rendered, open pages reload by themselves and build errors show in the page
    /// (the last good build is served meanwhile).
    Serve {
        /// The site's root directory (with site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on; 0 picks a free one (printed on start).
        #[arg(long, short, default_value_t = paveldas::serve::DEFAULT_PORT)]
        port: u16,
        /// Address to listen on. Anything but 127.0.0.1 or ::1 lets other computers read the site.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Output directory (overrides output_dir in site.yaml).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Also build lessons marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Check the site without writing anything: everything `build` checks, plus links to
    /// headings, unused co-located files, message ids of the templates and, with --external,
    /// external links. Exit status 1 on any error.
    Check {
        /// The site's root directory (with site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// `text` (grouped by file, on stderr) or `json` (on stdout, for CI).
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
        /// Also request every external link (HEAD, then GET); working ones are cached for a day
        /// in .paveldas/.
        #[arg(long)]
        external: bool,
        /// Seconds to wait for each external link.
        #[arg(long, default_value_t = 10)]
        timeout: u64,
        /// Ask every server again, ignoring the cache.
        #[arg(long)]
        no_cache: bool,
        /// Also check lessons marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Translators' tools: what is left to translate (`status`) and recording updated translations
    /// (`stamp`).
    L10n {
        #[command(subcommand)]
        what: paveldas::l10n::Command,
        /// The site's root directory.
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
    },
    /// Create a new site in DIR (created if missing; it must be empty but for hidden files):
    /// site.yaml, a unit with a lesson, a badge, the home page, the UI strings and the default
    /// theme. It builds and passes `check` as it is.
    Init {
        /// The directory for the new site.
        dir: PathBuf,
        /// The site's languages, the default one first: `--languages en,lt` or
        /// `--language en --language lt`. Shipped UI strings are copied for en, lt, fr and ar.
        #[arg(
            long = "languages",
            visible_alias = "language",
            value_delimiter = ',',
            default_value = "en"
        )]
        languages: Vec<String>,
        /// The site's title (default: the directory's name).
        #[arg(long)]
        title: Option<String>,
    },
    /// Create a new file with every front-matter key filled in.
    New {
        #[command(subcommand)]
        what: New,
        /// The site's root directory.
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum New {
    /// content/lessons/UNIT/SLUG.md (and the unit's _index.md if the unit is new).
    Lesson { unit: String, slug: String },
    /// content/badges/ID.md.
    Badge { id: String },
    /// content/pages/SLUG.md: a page such as About or Contact, `<lang>/SLUG.html`.
    Page { slug: String },
}

fn print_diagnostics(d: &Diagnostics) {
    for x in d.iter() {
        eprintln!("{x}\n");
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => {
            let options = BuildOptions {
                overrides: Overrides {
                    output,
                    base_url,
                    drafts,
                },
                progress: true,
                exit_after: true,
                part_docs: None,
            };
            match build(&root, &options) {
                Ok(report) => {
                    print_diagnostics(&relative_diagnostics(report.warnings.clone(), &root));
                    let warn = report.warnings.warning_count();
                    eprintln!(
                        "built {} pages ({} lessons × {} languages) and {} files into {} in {:.2?}{}",
                        report.pages,
                        report.lessons,
                        report.languages,
                        report.assets,
                        report.output.display(),
                        report.elapsed,
                        if warn > 0 { format!(", {warn} warning(s)") } else { String::new() }
                    );
                    eprintln!(
                        "open {} in a browser",
                        report.output.join("index.html").display()
                    );
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    let d = relative_diagnostics(d.sorted(), &root);
                    print_diagnostics(&d);
                    eprintln!(
                        "build failed with {} error(s); the previous output was left as it was",
                        d.error_count().max(1)
                    );
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
            output,
            drafts,
        } => paveldas::serve::run(paveldas::serve::Options {
            root,
            overrides: Overrides {
                output,
                base_url: None,
                drafts,
            },
            port,
            bind,
            open,
        }),
        Command::Check {
            root,
            format,
            external,
            timeout,
            no_cache,
            drafts,
        } => {
            let options = paveldas::check::CheckOptions {
                overrides: Overrides {
                    drafts,
                    ..Overrides::default()
                },
                external,
                timeout: Some(std::time::Duration::from_secs(timeout)),
                no_cache,
            };
            let format = match format {
                CheckFormat::Text => paveldas::check::Format::Text,
                CheckFormat::Json => paveldas::check::Format::Json,
            };
            if paveldas::check::run(&root, &options, format) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Command::L10n { what, root } => paveldas::l10n::run(&root, what),
        Command::Init {
            dir,
            languages,
            title,
        } => init(paveldas::init::Options {
            dir,
            languages,
            title,
        }),
        Command::New { what, root } => {
            let result = match what {
                New::Lesson { unit, slug } => scaffold::new_lesson(&root, &unit, &slug),
                New::Badge { id } => scaffold::new_badge(&root, &id),
                New::Page { slug } => scaffold::new_page(&root, &slug),
            };
            match result {
                Ok(files) => {
                    for f in files {
                        println!("created {}", f.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    eprintln!("{d}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// `paveldas init`: creates the site and says what to do next.
fn init(options: paveldas::init::Options) -> ExitCode {
    match paveldas::init::init(&options) {
        Ok(created) => {
            let dir = options.dir.display().to_string();
            println!(
                "created a new site in {dir}: {} files (site.yaml, a unit, a lesson, a badge, the default theme; languages {})",
                created.files.len(),
                created.languages.join(", ")
            );
            for note in &created.notes {
                println!("note: {note}");
            }
            println!("\nNext steps:");
            if options.dir != std::path::Path::new(".") {
                let quoted = if dir.contains(|c: char| c.is_whitespace() || "'\"$`\\".contains(c)) {
                    format!("'{}'", dir.replace('\'', "'\\''"))
                } else {
                    dir
                };
                println!("  cd {quoted}");
            }
            println!("  paveldas serve --open      preview it, reloading as you edit");
            println!(
                "  paveldas new lesson {} second-lesson",
                paveldas::init::UNIT
            );
            println!(
                "  paveldas build             write the site into public/ (it opens from disk)"
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{d}");
            eprintln!("nothing was written");
            ExitCode::FAILURE
        }
    }
}
