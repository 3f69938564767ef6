//! `kepu deploy`: publishes the built output folder to a bucket that site.yaml's `deploy:`
//! names, and prints what it did.

use crate::load::config::{Config, DeployTarget};
use crate::pipeline::build::BuildOptions;
use crate::pipeline::deploy::{deploy, DeployOptions};
use crate::util::error::{Diagnostic, Error};
use std::path::{Path, PathBuf};

/// The switches of `kepu deploy`.
pub(super) struct Flags {
    pub(super) dry_run: bool,
    pub(super) delete: bool,
    pub(super) force: bool,
}

/// An example `deploy:` block for messages.
const EXAMPLE: &str =
    "deploy:\n  - name: oss\n    url: s3://my-bucket\n    endpoint: https://oss-cn-hangzhou.aliyuncs.com\n    \
    region: oss-cn-hangzhou\n    virtual_host: true";

/// Deploys to the target named `name` (or the only one).
pub(super) fn run(root: &Path, output: Option<PathBuf>, name: Option<&str>, flags: Flags) -> Result<bool, Error> {
    let config = Config::load(root)?;
    let target = choose(&config.deploy, name)?;
    let mut build = BuildOptions::new(root);
    build.output = output;
    let opts = DeployOptions {
        output: build.output_dir(),
        target,
        dry_run: flags.dry_run,
        delete: flags.delete,
        force: flags.force,
    };
    let report = deploy(&opts)?;
    for w in &report.warnings {
        eprintln!("{w}");
    }
    println!("{report}");
    if report.dry_run {
        println!(
            "Nothing was changed (dry run); run `kepu deploy{}` to do it",
            name.map(|n| format!(" {n}")).unwrap_or_default()
        );
    }
    Ok(true)
}

/// The target `name` names, or the only one when no name is given.
fn choose(targets: &[DeployTarget], name: Option<&str>) -> Result<DeployTarget, Error> {
    let names: Vec<&str> = targets.iter().map(|t| t.name.as_str()).collect();
    let err = |m: String| Error::from(Diagnostic::new(m));
    match (name, targets) {
        (_, []) => Err(err(format!(
            "site.yaml has no `deploy:` targets: add one, for example\n{EXAMPLE}\nthen run `kepu deploy` (keys come \
             from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; see the README's \"Publishing with `kepu deploy`\")"
        ))),
        (None, [only]) => Ok(only.clone()),
        (None, _) => Err(err(format!(
            "site.yaml lists {} deploy targets ({}): name one, e.g. `kepu deploy {}`",
            targets.len(),
            names.join(", "),
            names[0]
        ))),
        (Some(n), _) => targets.iter().find(|t| t.name == n).cloned().ok_or_else(|| {
            let hint = match crate::util::suggest::did_you_mean(n, &names) {
                Some(s) => format!("did you mean `kepu deploy {s}`?"),
                None => format!("the targets are: {}", names.join(", ")),
            };
            err(format!("site.yaml has no deploy target named `{n}`; {hint}"))
        }),
    }
}
