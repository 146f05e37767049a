package dev.ferry.agent.protocol;

import java.util.HexFormat;

final class HexBytes {
    private HexBytes() {}

    static byte[] parse(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
