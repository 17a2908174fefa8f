//! Which IP addresses a customer-given URL may reach: public unicast only,
//! unless private networks are allowed.
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why `ip` is not a public unicast address (`"a loopback address"`…), or
/// `None` when it is one.
pub fn blocked_reason(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => blocked_v4(v4),
        IpAddr::V6(v6) => blocked_v6(v6),
    }
}

fn in_v4(ip: Ipv4Addr, net: [u8; 4], prefix: u32) -> bool {
    let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - prefix) };
    (u32::from(ip) & mask) == (u32::from(Ipv4Addr::from(net)) & mask)
}

fn blocked_v4(ip: Ipv4Addr) -> Option<&'static str> {
    const RANGES: &[([u8; 4], u32, &str)] = &[
        ([0, 0, 0, 0], 8, "an unspecified (\"this network\") address"),
        ([10, 0, 0, 0], 8, "a private network address"),
        ([100, 64, 0, 0], 10, "a shared carrier-grade NAT address"),
        ([127, 0, 0, 0], 8, "a loopback address"),
        ([169, 254, 0, 0], 16, "a link-local address (where cloud metadata services live)"),
        ([172, 16, 0, 0], 12, "a private network address"),
        ([192, 0, 0, 0], 24, "a reserved protocol address"),
        ([192, 0, 2, 0], 24, "a documentation address"),
        ([192, 88, 99, 0], 24, "a reserved relay address"),
        ([192, 168, 0, 0], 16, "a private network address"),
        ([198, 18, 0, 0], 15, "a benchmarking address"),
        ([198, 51, 100, 0], 24, "a documentation address"),
        ([203, 0, 113, 0], 24, "a documentation address"),
        ([224, 0, 0, 0], 4, "a multicast address"),
        ([255, 255, 255, 255], 32, "the broadcast address"),
        ([240, 0, 0, 0], 4, "a reserved address"),
    ];
    RANGES.iter().find(|(net, prefix, _)| in_v4(ip, *net, *prefix)).map(|(_, _, reason)| *reason)
}

fn blocked_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let s = ip.segments();
    if ip.is_unspecified() {
        return Some("the unspecified address");
    }
    if ip.is_loopback() {
        return Some("a loopback address");
    }
    // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d): the IPv4 rules.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return blocked_v4(v4);
    }
    if s[..6] == [0; 6] {
        return blocked_v4(Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8));
    }
    // NAT64 (64:ff9b::a.b.c.d) embeds an IPv4 address too.
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return blocked_v4(Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8));
    }
    // 6to4 (2002:a.b.c.d::/48) embeds one in its prefix.
    if s[0] == 0x2002 {
        return blocked_v4(Ipv4Addr::new((s[1] >> 8) as u8, s[1] as u8, (s[2] >> 8) as u8, s[2] as u8));
    }
    match s[0] {
        x if x & 0xfe00 == 0xfc00 => Some("a private network (unique local) address"),
        x if x & 0xffc0 == 0xfe80 => Some("a link-local address"),
        x if x & 0xffc0 == 0xfec0 => Some("a site-local address"),
        x if x & 0xff00 == 0xff00 => Some("a multicast address"),
        0x2001 if s[1] == 0x0db8 => Some("a documentation address"),
        0x2001 if s[1] == 0 => Some("a Teredo tunnel address"),
        0x0100 if s[1..4] == [0, 0, 0] => Some("a discard-only address"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocked(s: &str) -> bool {
        blocked_reason(s.parse().unwrap()).is_some()
    }

    #[test]
    fn non_public_ipv4_is_blocked() {
        for ip in [
            "127.0.0.1",
            "127.255.0.9",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "0.1.2.3",
            "100.64.0.1",
            "100.127.255.255",
            "224.0.0.1",
            "239.255.255.250",
            "255.255.255.255",
            "240.0.0.1",
            "192.0.2.5",
            "198.18.0.1",
        ] {
            assert!(blocked(ip), "{ip} should be blocked");
        }
    }

    #[test]
    fn public_ipv4_passes() {
        for ip in
            ["8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.0", "93.184.216.34"]
        {
            assert!(!blocked(ip), "{ip} should pass");
        }
    }

    #[test]
    fn non_public_ipv6_is_blocked() {
        for ip in [
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
            "2001:db8::1",
            "2001::1",
        ] {
            assert!(blocked(ip), "{ip} should be blocked");
        }
    }

    #[test]
    fn public_ipv6_passes() {
        for ip in ["2606:4700:4700::1111", "2001:4860:4860::8888", "::ffff:8.8.8.8", "2002:808:808::"] {
            assert!(!blocked(ip), "{ip} should pass");
        }
    }

    #[test]
    fn reasons_are_readable() {
        assert_eq!(blocked_reason("127.0.0.1".parse().unwrap()), Some("a loopback address"));
        assert_eq!(blocked_reason("::ffff:192.168.0.1".parse().unwrap()), Some("a private network address"));
        assert!(blocked_reason("169.254.169.254".parse().unwrap()).unwrap().contains("metadata"));
    }
}
