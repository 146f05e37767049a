package dev.ferry.platform.codec;

import dev.ferry.platform.secrets.SecretKeyring;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;

/** The one data converter every Ferry client and worker uses. */
public final class FerryDataConverter {

  private FerryDataConverter() {}

  public static DataConverter encrypted(SecretKeyring keyring) {
    // true: failure messages and stack traces are encrypted too; a remote error text may echo
    // input.
    return new CodecDataConverter(
        DefaultDataConverter.newDefaultInstance(), List.of(new EncryptionCodec(keyring)), true);
  }
}
