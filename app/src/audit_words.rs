//! The audit log in words: `quote.created` → "Cotización creada" / "Quote
//! created". The services record a dotted code (`store::AuditEvent`); the
//! audit page shows these words and keeps the code in a `title`. A code
//! without words (a newer server, an old row) is shown as it is.
use crate::i18n::Lang;

/// Every action the services record, with its words in Spanish and English.
/// A test reads the services' source and fails when one they emit is missing.
const WORDS: &[(&str, &str, &str)] = &[
    ("api_key.created", "Clave API creada", "API key created"),
    ("api_key.revoked", "Clave API revocada", "API key revoked"),
    ("automotive.glass_size_set", "Medida de vidrio guardada", "Glass size saved"),
    ("automotive.glass_size_reset", "Medida de vidrio restablecida", "Glass size reset"),
    ("automotive.package_saved", "Paquete guardado", "Package saved"),
    ("automotive.package_deleted", "Paquete eliminado", "Package deleted"),
    ("automotive.min_front_vlt_set", "Mínimo legal de luz delantera cambiado", "Front tint legal minimum changed"),
    ("catalog.imported", "Catálogo importado", "Catalog imported"),
    ("catalog.starter_loaded", "Catálogo inicial cargado", "Starter catalog loaded"),
    ("category.created", "Categoría creada", "Category created"),
    ("org.signup", "Organización registrada", "Organisation signed up"),
    ("org.settings_changed", "Configuración cambiada", "Settings changed"),
    ("org.logo_set", "Logo cambiado", "Logo changed"),
    ("org.logo_removed", "Logo quitado", "Logo removed"),
    ("org.quote_policy_changed", "Reglas de cotización cambiadas", "Quote rules changed"),
    ("price.added", "Precio agregado", "Price added"),
    ("price.withdrawn", "Precio retirado", "Price withdrawn"),
    ("price.bulk_change", "Cambio de precios por categoría", "Prices changed by category"),
    ("product.created", "Producto creado", "Product created"),
    ("product.updated", "Producto editado", "Product edited"),
    ("product.deactivated", "Producto desactivado", "Product deactivated"),
    ("product.deleted", "Producto eliminado", "Product deleted"),
    ("product.photo_set", "Foto de producto cambiada", "Product photo changed"),
    ("product.photo_removed", "Foto de producto quitada", "Product photo removed"),
    ("quote.created", "Cotización creada", "Quote created"),
    ("quote.revised", "Cotización modificada", "Quote revised"),
    ("quote.sent", "Cotización enviada", "Quote sent"),
    ("quote.confirmed", "Cotización confirmada", "Quote confirmed"),
    ("quote.rejected", "Cotización rechazada", "Quote rejected"),
    ("quote.expired", "Cotización vencida", "Quote expired"),
    ("quote.deleted", "Cotización eliminada", "Quote deleted"),
    ("user.login", "Inicio de sesión", "Signed in"),
    ("user.login_failed", "Inicio de sesión fallido", "Failed sign-in"),
    ("user.logout_everywhere", "Cierre de sesión en todos los dispositivos", "Signed out everywhere"),
    ("user.invited", "Usuario invitado", "User invited"),
    ("user.invitation_revoked", "Invitación revocada", "Invitation revoked"),
    ("user.joined", "Usuario se unió", "User joined"),
    ("user.role_changed", "Rol cambiado", "Role changed"),
    ("user.disabled", "Usuario desactivado", "User disabled"),
    ("user.enabled", "Usuario reactivado", "User re-enabled"),
    ("video_render.requested", "Video de cotización pedido", "Quote video requested"),
    ("video_render.started", "Procesamiento de video iniciado", "Video processing started"),
    ("video_render.succeeded", "Video listo", "Video ready"),
    ("video_render.failed", "Procesamiento de video fallido", "Video processing failed"),
    ("video360.requested", "Video 360° subido", "360° video uploaded"),
    ("video360.cancelled", "Video 360° cancelado", "360° video cancelled"),
];

/// The action in words in `lang`, or the code itself when it has none.
pub fn audit_words(action: &str, lang: Lang) -> String {
    WORDS
        .iter()
        .find(|(code, _, _)| *code == action)
        .map_or_else(|| action.to_owned(), |(_, es, en)| lang.t(es, en).to_owned())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    /// Dotted literals in audit-writing files that are not actions.
    const NOT_ACTIONS: &[&str] = &["org_packages.positions"];

    /// Every `"word.word"` literal of the Rust files under `dir` that write
    /// audit events (they name `AuditEvent`); tests are not looked at.
    fn emitted(dir: &Path, found: &mut BTreeSet<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "tests") {
                    emitted(&path, found);
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            if !text.contains("AuditEvent") {
                continue;
            }
            for literal in text.split('"').skip(1).step_by(2) {
                let dotted = literal.split_once('.').is_some_and(|(a, b)| {
                    let word = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                    word(a) && word(b)
                });
                if dotted && !NOT_ACTIONS.contains(&literal) {
                    found.insert(literal.to_owned());
                }
            }
        }
    }

    #[test]
    fn every_action_the_services_record_has_words() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut found = BTreeSet::new();
        for dir in ["crates", "server/src", "worker/src"] {
            emitted(&root.join(dir), &mut found);
        }
        for action in ["quote.created", "user.login_failed", "video_render.failed", "api_key.created"] {
            assert!(found.contains(action), "the scan finds {action}: {found:?}");
        }
        let missing: Vec<&String> = found.iter().filter(|a| !WORDS.iter().any(|(code, _, _)| code == a)).collect();
        assert!(missing.is_empty(), "audit actions without words (add them to WORDS, or to NOT_ACTIONS if not an action): {missing:?}");
    }

    #[test]
    fn actions_in_words_in_each_language() {
        assert_eq!(audit_words("quote.created", Lang::Es), "Cotización creada");
        assert_eq!(audit_words("quote.created", Lang::En), "Quote created");
        assert_eq!(audit_words("user.login_failed", Lang::Es), "Inicio de sesión fallido");
        let codes: BTreeSet<&str> = WORDS.iter().map(|(code, _, _)| *code).collect();
        assert_eq!(codes.len(), WORDS.len(), "each action once");
        for (code, es, en) in WORDS {
            assert!(!es.is_empty() && !en.is_empty() && es != code && en != code, "{code}");
        }
    }

    #[test]
    fn an_unknown_action_shows_its_code() {
        assert_eq!(audit_words("thing.happened", Lang::Es), "thing.happened");
        assert_eq!(audit_words("", Lang::En), "");
    }
}
