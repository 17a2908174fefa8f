//! Address checks for outgoing requests: a DNS resolver for reqwest that
//! hands it only checked addresses, and the checks of URLs whose host is an
//! IP literal (reqwest does not ask the resolver for those).
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::Host;

use crate::address::blocked_reason;
use crate::fetch::FetchError;

/// Which addresses requests may reach.
#[derive(Debug, Clone)]
pub(crate) struct AddressRule {
    /// Everything.
    pub(crate) allow_private: bool,
    /// These addresses even though they are not public.
    pub(crate) allowed: Arc<[IpAddr]>,
}

impl AddressRule {
    fn check(&self, host: &str, ip: IpAddr, literal: bool) -> Result<(), FetchError> {
        if self.allow_private || self.allowed.contains(&ip) {
            return Ok(());
        }
        match blocked_reason(ip) {
            None => Ok(()),
            Some(reason) => Err(FetchError::HostNotAllowed {
                host: host.to_owned(),
                reason: if literal { format!("it is {reason}") } else { format!("it resolves to {ip}, {reason}") },
            }),
        }
    }

    /// Checks that need no DNS: the scheme, and the address when the host
    /// is an IP literal (also used for every redirect).
    pub(crate) fn check_url_literal(&self, url: &Url) -> Result<(), FetchError> {
        match url.scheme() {
            "http" | "https" => {}
            other => return Err(FetchError::Scheme { scheme: other.to_owned() }),
        }
        let host = url.host_str().unwrap_or_default();
        match url.host() {
            None => Err(FetchError::InvalidUrl { url: url.to_string() }),
            Some(Host::Ipv4(ip)) => self.check(host, IpAddr::V4(ip), true),
            Some(Host::Ipv6(ip)) => self.check(host, IpAddr::V6(ip), true),
            Some(Host::Domain(_)) => Ok(()),
        }
    }

    /// [`Self::check_url_literal`], then every address DNS gives for a host
    /// name: one address that is not allowed refuses the host. Gives the
    /// clear error up front; the resolver checks again when reqwest connects.
    pub(crate) async fn check_url(&self, url: &Url) -> Result<(), FetchError> {
        self.check_url_literal(url)?;
        if let Some(Host::Domain(host)) = url.host()
            && !self.allow_private
        {
            self.resolve(host).await?;
        }
        Ok(())
    }

    /// Looks `host` up and returns its addresses, all checked.
    async fn resolve(&self, host: &str) -> Result<Vec<SocketAddr>, FetchError> {
        let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host, 0))
            .await
            .map_err(|_| FetchError::Network(format!("the host {host} could not be found")))?
            .collect();
        if addrs.is_empty() {
            return Err(FetchError::Network(format!("the host {host} has no address")));
        }
        for addr in &addrs {
            self.check(host, addr.ip(), false)?;
        }
        Ok(addrs)
    }
}

/// The IP address a URL's host stands for, read as browsers and HTTP
/// clients read it (the WHATWG URL rules): besides dotted quads and
/// `[v6]`, the numeric forms `2130706433`, `0177.0.0.1`, `0x7f000001`,
/// `127.1` are IPv4 addresses too. `None` for a host name or a URL that
/// cannot be parsed. For checks made before any request (a `videoUrl`
/// when it is submitted), so such a form is refused at once.
pub fn url_host_ip(url: &str) -> Option<IpAddr> {
    match Url::parse(url.trim()).ok()?.host()? {
        Host::Ipv4(ip) => Some(IpAddr::V4(ip)),
        Host::Ipv6(ip) => Some(IpAddr::V6(ip)),
        Host::Domain(_) => None,
    }
}

/// The resolver reqwest connects through: the addresses it returns are the
/// only ones reqwest can connect to, so a name that changes its answer
/// between our check and the connection (DNS rebinding) is still caught.
#[derive(Debug, Clone)]
pub(crate) struct CheckedResolver(pub(crate) AddressRule);

impl Resolve for CheckedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        let rule = self.0.clone();
        Box::pin(async move {
            let addrs = rule.resolve(&host).await?;
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strict() -> AddressRule {
        AddressRule { allow_private: false, allowed: Arc::from(Vec::new()) }
    }

    fn literal(url: &str) -> Result<(), FetchError> {
        strict().check_url_literal(&Url::parse(url).unwrap())
    }

    // These never connect: they prove the checks that run before any
    // request refuse these hosts (the integration tests then call the
    // public function with the same URLs).
    #[test]
    fn literal_hosts_that_are_not_public_are_refused() {
        for url in [
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]/",
            "http://0.0.0.0/",
            "http://127.0.0.1:8080/",
            "http://10.0.0.1/",
            "http://192.168.1.1/",
            "http://[::ffff:169.254.169.254]/",
            "http://[fd00::1]/",
            "http://[fe80::1]/",
            "http://100.64.0.1/",
            "http://2130706433/", // 127.0.0.1 as one number
            "http://0x7f.0.0.1/", // and in hex
            "http://169.254.169.254.:80/",
        ] {
            let err = literal(url).expect_err(url);
            assert!(matches!(err, FetchError::HostNotAllowed { .. }), "{url}: {err:?}");
        }
    }

    #[test]
    fn numeric_forms_of_an_address_are_read_as_that_address() {
        let loopback: IpAddr = "127.0.0.1".parse().unwrap();
        for url in [
            "http://2130706433/v.mp4",
            "http://0177.0.0.1/v.mp4",
            "http://0x7f000001/v.mp4",
            "http://0x7f.0.0.1/v.mp4",
            "http://127.1/v.mp4",
            "HTTP://0177.0.0.01:8080/v.mp4",
        ] {
            assert_eq!(url_host_ip(url), Some(loopback), "{url}");
        }
        assert_eq!(url_host_ip("http://[::1]/"), Some("::1".parse::<IpAddr>().unwrap()));
        assert_eq!(url_host_ip("https://videos.example.com/v.mp4"), None);
        assert_eq!(url_host_ip("not a url"), None);
    }

    #[test]
    fn other_schemes_are_refused() {
        for url in ["file:///etc/passwd", "ftp://example.com/a.mp4", "gopher://x/"] {
            assert!(matches!(literal(url), Err(FetchError::Scheme { .. })), "{url}");
        }
    }

    #[test]
    fn public_literals_and_names_pass_the_literal_check() {
        literal("https://93.184.216.34/v.mp4").unwrap();
        literal("https://[2606:4700:4700::1111]/v.mp4").unwrap();
        literal("https://videos.example.com/v.mp4").unwrap();
    }

    #[test]
    fn an_allowed_address_passes_and_only_it() {
        let rule =
            AddressRule { allow_private: false, allowed: Arc::from(vec!["127.0.0.2".parse::<IpAddr>().unwrap()]) };
        rule.check_url_literal(&Url::parse("http://127.0.0.2:9/").unwrap()).unwrap();
        assert!(rule.check_url_literal(&Url::parse("http://127.0.0.1:9/").unwrap()).is_err());
    }

    #[tokio::test]
    async fn localhost_is_refused_by_its_addresses() {
        let err = strict().check_url(&Url::parse("http://localhost:9/").unwrap()).await.unwrap_err();
        match err {
            FetchError::HostNotAllowed { host, reason } => {
                assert_eq!(host, "localhost");
                assert!(reason.contains("loopback"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
    }
}
