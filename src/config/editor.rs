//! `[editor]` in site.toml: where the web editor saves (which Git host,
//! repository and branch) and where uploaded photos go.

use serde::{Deserialize, Serialize};

/// The Git host Decap CMS saves to when the editor runs on the published site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Backend {
    /// GitHub (needs an OAuth login service, `base_url`).
    #[default]
    Github,
    /// GitLab, gitlab.com or self-hosted (`api_root`).
    Gitlab,
    /// Gitea or Forgejo (`api_root`).
    Gitea,
    /// Netlify Identity's Git Gateway.
    GitGateway,
}

impl Backend {
    /// The name Decap CMS uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Github => "github",
            Backend::Gitlab => "gitlab",
            Backend::Gitea => "gitea",
            Backend::GitGateway => "git-gateway",
        }
    }
}

/// `[editor]`: its presence turns the editor on for `loa build`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EditorConfig {
    /// Where entries are saved.
    #[serde(default)]
    pub backend: Backend,
    /// `owner/name` of the repository (not needed for git-gateway).
    pub repo: Option<String>,
    /// The branch entries are committed to.
    #[serde(default = "default_branch")]
    pub branch: String,
    /// The OAuth login service (GitHub without Netlify).
    pub base_url: Option<String>,
    /// Its login path, when not `auth`.
    pub auth_endpoint: Option<String>,
    /// The API of a self-hosted GitLab or Gitea (`https://git.example.gov.vn/api/v1`).
    pub api_root: Option<String>,
    /// The OAuth application id (GitLab PKCE, Gitea).
    pub app_id: Option<String>,
    /// `pkce` or `implicit` (GitLab).
    pub auth_type: Option<String>,
    /// Where uploaded photos are saved, a folder under `static/`.
    #[serde(default = "default_media")]
    pub media_folder: String,
}

impl Default for EditorConfig {
    fn default() -> Self {
        Self {
            backend: Backend::default(),
            repo: None,
            branch: default_branch(),
            base_url: None,
            auth_endpoint: None,
            api_root: None,
            app_id: None,
            auth_type: None,
            media_folder: default_media(),
        }
    }
}

fn default_branch() -> String {
    "main".into()
}

fn default_media() -> String {
    "static/anh".into()
}

/// One thing wrong in `[editor]`; its text is the message shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditorProblem {
    /// A Git host backend with no repository to save to.
    #[error("[editor] backend \"{}\" needs `repo = \"owner/name\"`", .backend.as_str())]
    NeedsRepo {
        /// The backend chosen.
        backend: Backend,
    },
    /// A media folder that is not a plain folder under `static/`.
    #[error(
        "[editor] media_folder `{folder}` must be a folder under static/ such as \"static/anh\" (letters, digits, -, _ and /)"
    )]
    MediaFolder {
        /// The folder written.
        folder: String,
    },
}

impl EditorProblem {
    /// The key in `[editor]` the problem is about.
    pub fn key(&self) -> Vec<String> {
        match self {
            EditorProblem::NeedsRepo { .. } => vec!["repo".into()],
            EditorProblem::MediaFolder { .. } => vec!["media_folder".into()],
        }
    }
}

impl EditorConfig {
    /// What is wrong with these settings, one problem each.
    pub fn problems(&self) -> Vec<EditorProblem> {
        let mut out = Vec::new();
        if self.backend != Backend::GitGateway && self.repo.as_deref().is_none_or(str::is_empty) {
            out.push(EditorProblem::NeedsRepo {
                backend: self.backend,
            });
        }
        if self.media_public_path().is_none() {
            out.push(EditorProblem::MediaFolder {
                folder: self.media_folder.clone(),
            });
        }
        out
    }

    /// The URL path of the media folder (`/anh`), or `None` when the folder
    /// is not a plain folder under `static/`.
    pub fn media_public_path(&self) -> Option<String> {
        let rest = self
            .media_folder
            .trim_end_matches('/')
            .strip_prefix("static/")?;
        let ok = !rest.is_empty()
            && rest.split('/').all(|seg| {
                !seg.is_empty()
                    && seg != "."
                    && seg != ".."
                    && seg
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            });
        ok.then(|| format!("/{rest}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_folder_must_stay_under_static() {
        let mut e = EditorConfig {
            repo: Some("a/b".into()),
            ..Default::default()
        };
        assert_eq!(e.media_public_path().as_deref(), Some("/anh"));
        assert!(e.problems().is_empty());
        for bad in ["anh", "static/", "static/../x", "/etc", "static/a b"] {
            e.media_folder = bad.into();
            assert!(e.media_public_path().is_none(), "{bad}");
            assert_eq!(e.problems().len(), 1, "{bad}");
        }
    }

    #[test]
    fn git_hosts_need_a_repository() {
        let e = EditorConfig::default();
        assert!(e.problems()[0].to_string().contains("repo"));
        let e = EditorConfig {
            backend: Backend::GitGateway,
            ..Default::default()
        };
        assert!(e.problems().is_empty());
    }
}
