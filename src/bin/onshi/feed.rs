//! `onshi feed …`: the publisher's side of a signed feed (keygen, build, verify, rotate).

use std::path::{Path, PathBuf};

use onshi::feed::{self, Bundle};
use onshi::{Prefecture, Schedule};

#[derive(clap::Subcommand)]
pub enum Action {
    /// Writes a new key pair: DIR/feed.key (secret, keep it) and DIR/feed.pub (give it out).
    Keygen {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Protect the secret key with the password in this environment variable.
        #[arg(long, value_name = "VAR")]
        password_env: Option<String>,
    },
    /// Bundles a folder of notice files into FILE and signs it (FILE.minisig); writes one
    /// calendar per prefecture beside it (ics/01.ics … ics/47.ics, as `onshi ics` gives).
    Build {
        /// The folder of notice files (*.toml), each checked as `onshi check` does.
        notices_dir: PathBuf,
        #[arg(long, value_name = "DIR/feed.key")]
        key: PathBuf,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The bundle's sequence; by default the existing FILE's + 1 (1 for a new FILE).
        #[arg(long)]
        sequence: Option<u64>,
        /// The secret key's password is in this environment variable.
        #[arg(long, value_name = "VAR")]
        password_env: Option<String>,
        /// How long the bundle is vouched for, from now: days (7d) or hours (36h). Past
        /// it, every PC says its notices are out of date until a newer bundle arrives.
        /// `none` builds a bundle without an expiry, which PCs older than this version
        /// can still read: only while such PCs remain (docs/feed.md).
        #[arg(long, value_name = "Nd|Nh|none", default_value = "7d", value_parser = validity)]
        expires: Validity,
    },
    /// Rotates the signing key, in two steps (docs/feed.md, "Rotating the key"). First:
    /// makes the next key pair beside the key (DIR/next.key, DIR/next.pub); from then on
    /// `build --key DIR/feed.key` names it in every bundle, and PCs trust it too. Later,
    /// `--switch`: the next key becomes DIR/feed.key (the old one kept as DIR/retired-….key);
    /// the same build command then signs with it, and PCs drop the old key.
    Rotate {
        #[arg(long, value_name = "DIR/feed.key")]
        key: PathBuf,
        /// Move to the next key made earlier (after every PC has had a bundle naming it).
        #[arg(long)]
        switch: bool,
        /// The next secret key's password is in this environment variable (use the same
        /// one as for `build`).
        #[arg(long, value_name = "VAR")]
        password_env: Option<String>,
    },
    /// Checks FILE's signature (FILE.minisig) and the notices inside.
    Verify {
        file: PathBuf,
        #[arg(long, value_name = "DIR/feed.pub", required = true)]
        pubkey: Vec<PathBuf>,
    },
}

pub fn run(action: Action) -> Result<(), String> {
    match action {
        Action::Keygen { out, password_env } => keygen(out, password_env),
        Action::Build {
            notices_dir,
            key,
            out,
            sequence,
            password_env,
            expires,
        } => build(notices_dir, key, out, sequence, password_env, expires),
        Action::Verify { file, pubkey } => verify(file, &pubkey),
        Action::Rotate {
            key,
            switch,
            password_env,
        } => {
            if switch {
                rotate_switch(&key, password(password_env)?)
            } else {
                rotate_start(&key, password(password_env)?)
            }
        }
    }
}

/// A rotation's next key pair, in the signing key's folder: `next.key`, `next.pub`.
const NEXT: &str = "next";

fn key_dir(key: &Path) -> &Path {
    key.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The next public key a build names: `next.pub` beside the signing key, if there.
fn next_pub(key: &Path) -> PathBuf {
    key_dir(key).join(format!("{NEXT}.pub"))
}

/// The key the feed is signed with now, which both steps of a rotation start from.
fn signing_key(key: &Path) -> Result<(), String> {
    if key.is_file() {
        return Ok(());
    }
    Err(format!(
        "{}: no such secret key: give the key the feed is signed with now (--key DIR/feed.key)",
        key.display()
    ))
}

fn rotate_start(key: &Path, password: Option<String>) -> Result<(), String> {
    signing_key(key)?;
    let dir = key_dir(key);
    if dir.join(format!("{NEXT}.key")).exists() {
        return Err(format!(
            "{}: a rotation is already under way; finish it with `onshi feed rotate --key {} --switch`",
            dir.join(format!("{NEXT}.key")).display(),
            key.display()
        ));
    }
    let (next_key, next_pub) = feed::sign::keygen_named(dir, NEXT, password)?;
    outln!(
        "{}: the next secret key (keep it private) / 次の秘密鍵
{}: the next public key / 次の公開鍵
         From now on `onshi feed build --key {}` names it in the bundle, and every PC that gets such a bundle trusts it too.
         When every PC has had one (wait longer than any PC stays switched off), run `onshi feed rotate --key {} --switch`.
         PCs whose keys the policy pins do not take it: add its key to the policy first / ポリシーで鍵を固定している PC には、先にポリシーへ追加してください。",
        next_key.display(),
        next_pub.display(),
        key.display(),
        key.display()
    );
    Ok(())
}

fn rotate_switch(key: &Path, password: Option<String>) -> Result<(), String> {
    signing_key(key)?;
    let dir = key_dir(key);
    let next_key = dir.join(format!("{NEXT}.key"));
    let next_pub = next_pub(key);
    if !next_key.is_file() || !next_pub.is_file() {
        return Err(format!(
            "{}: no next key to switch to: run `onshi feed rotate --key {}` first, and build with it for a while",
            next_key.display(),
            key.display()
        ));
    }
    // The next key must sign, with the password the builds will give, and match its .pub:
    // found now rather than at the next build.
    let probe = b"onshi feed rotate";
    let sig = feed::sign::sign(probe, &next_key, password, 0)?;
    feed::TrustedKeys::from_files(std::slice::from_ref(&next_pub))?
        .verify(probe, sig.as_bytes())
        .map_err(|e| {
            format!(
                "{} does not match {}: {e}",
                next_pub.display(),
                next_key.display()
            )
        })?;
    let public = key.with_extension("pub");
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    let retired_key = dir.join(format!("retired-{stamp}.key"));
    let retired_pub = dir.join(format!("retired-{stamp}.pub"));
    let moves = [
        (key.to_path_buf(), retired_key.clone()),
        (public.clone(), retired_pub),
        (next_key, key.to_path_buf()),
        (next_pub, public.clone()),
    ];
    for (from, to) in &moves {
        if from == &public && !from.exists() {
            continue;
        }
        std::fs::rename(from, to).map_err(|e| {
            format!(
                "{} → {}: cannot rename ({e}); put the files right by hand",
                from.display(),
                to.display()
            )
        })?;
    }
    outln!(
        "{}: now the next key; the old one is {} / 鍵を切り替えました
         The next `onshi feed build --key {}` signs with it. PCs that had a bundle naming it accept it, then refuse bundles signed by the old key.
         Give {} to new PCs (settings, policy).",
        key.display(),
        retired_key.display(),
        key.display(),
        public.display()
    );
    Ok(())
}

fn keygen(out: PathBuf, password_env: Option<String>) -> Result<(), String> {
    let (key, public) = feed::sign::keygen(&out, password(password_env)?)?;
    outln!(
        "{}: secret key (keep it private) / 秘密鍵\n{}: public key (give it to every PC) / 公開鍵",
        key.display(),
        public.display()
    );
    Ok(())
}

fn build(
    notices_dir: PathBuf,
    key: PathBuf,
    out: PathBuf,
    sequence: Option<u64>,
    password_env: Option<String>,
    validity: Validity,
) -> Result<(), String> {
    let sequence = match sequence {
        Some(n) => n,
        None => next_sequence(&out)?,
    };
    let created = chrono::DateTime::from_timestamp(chrono::Utc::now().timestamp(), 0)
        .expect("now is a valid instant");
    let mut bundle = Bundle::from_dir(&notices_dir, sequence, created)?;
    if let Validity(Some(v)) = validity {
        bundle = bundle.valid_for(v)?;
    }
    let next = next_pub(&key);
    if next.is_file() {
        let text = std::fs::read_to_string(&next)
            .map_err(|e| format!("{}: cannot read: {e}", next.display()))?;
        bundle = bundle
            .naming_next_key(&text)
            .map_err(|e| format!("{}: {e}", next.display()))?;
    }
    let calendars = calendars(&bundle)?;
    let text = bundle.to_toml();
    let signature = feed::sign::sign(text.as_bytes(), &key, password(password_env)?, sequence)?;
    let sig_path = PathBuf::from(format!("{}.minisig", out.display()));
    feed::cache::write_atomic(&out, text.as_bytes())?;
    feed::cache::write_atomic(&sig_path, signature.as_bytes())?;
    let ics_dir = out.parent().unwrap_or(Path::new("")).join(ICS_DIR);
    for (p, ics) in &calendars {
        feed::cache::write_atomic(
            &ics_dir.join(format!("{:02}.ics", p.code())),
            ics.as_bytes(),
        )?;
    }
    outln!(
        "{}: sequence {sequence}, {} notices, valid until {}, signed ({})",
        out.display(),
        bundle.files.len(),
        bundle
            .expires
            .map(onshi::time::rfc3339_jst)
            .unwrap_or_default(),
        sig_path.display()
    );
    if bundle.next_key.is_some() {
        outln!(
            "{}: names the next key {} (key rotation: `onshi feed rotate --key {} --switch` moves to it)",
            out.display(),
            next.display(),
            key.display()
        );
    }
    outln!(
        "{}: {} calendars to subscribe to (01.ics … 47.ics)",
        ics_dir.display(),
        calendars.len()
    );
    Ok(())
}

/// The calendars' folder, beside the bundle.
const ICS_DIR: &str = "ics";

/// Every prefecture's calendar of the bundle's notices (with the built-in ones), as
/// `onshi ics --prefecture NN --notices DIR` gives it: the same schedule, the same domain
/// code, the default reminders; stamped with the bundle's `created` rather than the clock,
/// so a rebuild of the same notices changes only what changed. A notice whose id is built in
/// is left out, as the app leaves it out of its schedule, and said on stderr.
fn calendars(bundle: &Bundle) -> Result<Vec<(Prefecture, String)>, String> {
    let mut schedule = Schedule::embedded();
    // The clinic's own services, as `onshi ics` reads them; a broken policy does not stop
    // a build that never needed it.
    if let Ok(services) = crate::common::policy_services(None) {
        schedule.set_services(services);
    }
    for notice in bundle.notices().0 {
        if let Err(e) = schedule.add(notice) {
            eprintln!("onshi: {e} (left out of the calendars, as the app leaves it out)");
        }
    }
    let options = onshi::ics::Options {
        services: Vec::new(),
        reminders: onshi::ics::DEFAULT_REMINDERS.to_vec(),
    };
    Prefecture::all()
        .map(|p| {
            Ok((
                p,
                onshi::ics::calendar(&schedule, p, &options, bundle.created)?,
            ))
        })
        .collect()
}

/// The existing bundle's sequence + 1, or 1 for a new one.
fn next_sequence(out: &Path) -> Result<u64, String> {
    match std::fs::read(out) {
        Ok(bytes) => Ok(Bundle::parse(&bytes)
            .map_err(|e| {
                format!(
                    "{}: {e}; give the sequence with --sequence N",
                    out.display()
                )
            })?
            .sequence
            + 1),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(1),
        Err(e) => Err(format!("{}: cannot read: {e}", out.display())),
    }
}

fn verify(file: PathBuf, pubkey: &[PathBuf]) -> Result<(), String> {
    let keys = feed::TrustedKeys::from_files(pubkey)?;
    let bytes =
        std::fs::read(&file).map_err(|e| format!("{}: cannot read: {e}", file.display()))?;
    let sig_path = PathBuf::from(format!("{}.minisig", file.display()));
    let sig = std::fs::read(&sig_path).map_err(|e| {
        feed::FeedError::MissingSignature(format!("{}: {e}", sig_path.display())).to_string()
    })?;
    let bundle = feed::open(&keys, &bytes, &sig).map_err(|e| format!("{}: {e}", file.display()))?;
    let (notices, errors) = bundle.notices();
    if let Some(first) = errors.first() {
        return Err(format!("{}: {first}", file.display()));
    }
    // Past its expiry the signature still holds, but every PC calls the notices out of date.
    let validity = match bundle.expires {
        Some(e) if e <= chrono::Utc::now() => format!(
            "期限切れ / EXPIRED {}: build it again",
            onshi::time::rfc3339_jst(e)
        ),
        Some(e) => format!("valid until {}", onshi::time::rfc3339_jst(e)),
        None => "no expiry".into(),
    };
    let next = bundle
        .next_key
        .as_deref()
        .map(|k| format!(", next key {k}"))
        .unwrap_or_default();
    outln!(
        "{}: 署名OK / signature OK — sequence {}, {validity}{next}, {} notices: {}",
        file.display(),
        bundle.sequence,
        notices.len(),
        notices
            .iter()
            .map(|n| n.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

/// `--expires`: how long a bundle is vouched for; `None` for no expiry.
#[derive(Debug, Clone, Copy)]
pub struct Validity(Option<chrono::Duration>);

/// `--expires`: `7d` (days) or `36h` (hours), more than zero, or `none`.
fn validity(s: &str) -> Result<Validity, String> {
    let bad = || format!("{s:?}: give days or hours, as 7d or 36h (or none)");
    let s = s.trim();
    if s.eq_ignore_ascii_case("none") {
        return Ok(Validity(None));
    }
    let cut = s.char_indices().last().map_or(0, |(i, _)| i);
    let (n, unit) = s.split_at(cut);
    let n: i64 = n.parse().map_err(|_| bad())?;
    let d = match unit {
        "d" | "D" => chrono::Duration::try_days(n),
        "h" | "H" => chrono::Duration::try_hours(n),
        _ => None,
    }
    .ok_or_else(bad)?;
    if n <= 0 || n > 3650 * 24 {
        return Err(bad());
    }
    Ok(Validity(Some(d)))
}

fn password(var: Option<String>) -> Result<Option<String>, String> {
    var.map(|v| {
        std::env::var(&v)
            .map_err(|_| format!("--password-env {v}: the environment variable is not set"))
    })
    .transpose()
}
