import Testing

@testable import Orchestrator

/// URLs taken apart for the request line and the `Host` header.
struct HTTPTargetTests {
    @Test func takesAnHTTPURLApart() throws {
        let target = try HTTPTarget.parse("HTTP://example.com:8080/a/b?c=d#frag")
        #expect(target == HTTPTarget(scheme: "http", host: "example.com", port: 8080, pathAndQuery: "/a/b?c=d"))
        #expect(target.hostHeader == "example.com:8080")
    }

    @Test func defaultsThePortAndPath() throws {
        let target = try HTTPTarget.parse("http://example.com?q=1")
        #expect(target.port == 80)
        #expect(target.pathAndQuery == "/?q=1")
        #expect(target.hostHeader == "example.com")
        #expect(try HTTPTarget.parse("https://example.com").port == 443)
    }

    @Test func readsBracketedIPv6Addresses() throws {
        let target = try HTTPTarget.parse("http://[::1]:9000/x")
        #expect(target.host == "::1")
        #expect(target.hostHeader == "[::1]:9000")
    }

    @Test func refusesWhatIsNotAnAbsoluteURLWithAHost() {
        for url in [
            "example.com/x", "http:///x", "http://user:pw@example.com/", "http://example.com:0/",
            "http://example.com:99999/", "http://exa mple.com/", "http://[::1/", "http://example.com/\u{e9}",
            "http://example.com:8a/",
        ] {
            #expect(throws: WorkflowError(.handlerConfigInvalid, "")) { try HTTPTarget.parse(url) }
        }
    }
}
