//! The storage keys: from the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
//! `AWS_SESSION_TOKEN`) or the standard `~/.aws/credentials` file (profile `AWS_PROFILE`, else
//! `default`), never from site.yaml. They are never printed: `Debug` hides them.

use std::path::PathBuf;

/// Keys for one deploy.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Credentials {
    pub(crate) access_key_id: String,
    pub(crate) secret_access_key: String,
    pub(crate) session_token: Option<String>,
    /// Where they came from, for the output (`the environment`, `profile default in …`).
    pub(crate) source: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Credentials(from {}, hidden)", self.source)
    }
}

/// Reads the keys from the environment, else the credentials file.
pub(crate) fn load() -> Result<Credentials, String> {
    let var = |name: &str| std::env::var(name).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    match (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
        (Some(access_key_id), Some(secret_access_key)) => {
            return Ok(Credentials {
                access_key_id,
                secret_access_key,
                session_token: var("AWS_SESSION_TOKEN"),
                source: "the environment".into(),
            })
        }
        (Some(_), None) | (None, Some(_)) => {
            return Err("only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY is set: set both (the key's id and \
                        its secret), e.g. `export AWS_SECRET_ACCESS_KEY=…`"
                .into())
        }
        (None, None) => {}
    }
    let profile = var("AWS_PROFILE").unwrap_or_else(|| "default".into());
    let file = var("AWS_SHARED_CREDENTIALS_FILE")
        .map(PathBuf::from)
        .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".aws").join("credentials")));
    let missing = || {
        format!(
            "no storage keys: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (the access key of an account \
             that may write the bucket), or add a [{profile}] profile with aws_access_key_id and \
             aws_secret_access_key to ~/.aws/credentials. site.yaml never holds keys"
        )
    };
    let Some(file) = file else { return Err(missing()) };
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(missing()),
        Err(e) => return Err(format!("cannot read {}: {e}", file.display())),
    };
    let Some(mut creds) = from_file(&text, &profile) else {
        return Err(format!(
            "{} has no profile [{profile}] with aws_access_key_id and aws_secret_access_key: add it, name \
             another with AWS_PROFILE=NAME, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
            file.display()
        ));
    };
    creds.source = format!("profile {profile} in {}", file.display());
    Ok(creds)
}

/// The keys of `[profile]` in a credentials file's text (INI: `key = value` lines).
fn from_file(text: &str, profile: &str) -> Option<Credentials> {
    let mut section = String::new();
    let (mut id, mut secret, mut token) = (None, None, None);
    for line in text.lines().map(str::trim) {
        if line.starts_with(['#', ';']) || line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.trim().trim_start_matches("profile ").trim().to_string();
            continue;
        }
        let Some((key, value)) = line.split_once('=') else { continue };
        if section != profile {
            continue;
        }
        let value = Some(value.trim().to_string()).filter(|v| !v.is_empty());
        match key.trim().to_ascii_lowercase().as_str() {
            "aws_access_key_id" => id = value,
            "aws_secret_access_key" => secret = value,
            "aws_session_token" => token = value,
            _ => {}
        }
    }
    Some(Credentials { access_key_id: id?, secret_access_key: secret?, session_token: token, source: String::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
# keys
[default]
aws_access_key_id = AKDEFAULT
aws_secret_access_key = secret1

[profile oss]
aws_access_key_id=AKOSS
aws_secret_access_key=secret2
aws_session_token = tok
";

    #[test]
    fn profiles_are_read_from_the_credentials_file() {
        let d = from_file(FILE, "default").expect("default");
        assert_eq!(
            (d.access_key_id.as_str(), d.secret_access_key.as_str(), d.session_token),
            ("AKDEFAULT", "secret1", None)
        );
        let o = from_file(FILE, "oss").expect("oss");
        assert_eq!((o.access_key_id.as_str(), o.session_token.as_deref()), ("AKOSS", Some("tok")));
        assert!(from_file(FILE, "cos").is_none());
        assert!(from_file("[default]\naws_access_key_id = x\n", "default").is_none());
    }

    #[test]
    fn debug_output_hides_the_keys() {
        let d = from_file(FILE, "default").expect("default");
        let shown = format!("{d:?}");
        assert!(!shown.contains("AKDEFAULT") && !shown.contains("secret1"), "{shown}");
    }
}
