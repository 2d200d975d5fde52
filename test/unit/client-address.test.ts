import { describe, expect, it } from "vitest";
import { clientBucket } from "../../workers/shared/client-address";

describe("clientBucket", () => {
  it("keeps an IPv4 address as it is", () => {
    expect(clientBucket("203.0.113.7")).toBe("203.0.113.7");
    expect(clientBucket(" 203.0.113.7 ")).toBe("203.0.113.7");
  });

  it("groups every IPv6 address of one /64 into one bucket", () => {
    const a = clientBucket("2001:db8:85a3:8d3:1319:8a2e:370:7348");
    const b = clientBucket("2001:0db8:85a3:08d3::1");
    const c = clientBucket("2001:DB8:85A3:8D3:ffff:ffff:ffff:fffe");
    expect(a).toBe("2001:db8:85a3:8d3::/64");
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it("keeps different /64s apart", () => {
    expect(clientBucket("2001:db8:85a3:8d4::1")).not.toBe(clientBucket("2001:db8:85a3:8d3::1"));
    expect(clientBucket("::1")).toBe("0:0:0:0::/64");
  });

  it("counts an IPv4-mapped IPv6 address as its IPv4 address", () => {
    expect(clientBucket("::ffff:192.0.2.33")).toBe("192.0.2.33");
    expect(clientBucket("::ffff:c000:221")).toBe("192.0.2.33");
  });

  it("puts callers without an address in one bucket and bounds junk", () => {
    expect(clientBucket(undefined)).toBe("unknown");
    expect(clientBucket("")).toBe("unknown");
    expect(clientBucket(`1:${"2:".repeat(100)}`).length).toBeLessThanOrEqual(64);
  });
});
