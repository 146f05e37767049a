package dev.ferry.agent.protocol;

/** Public access to the §9 throwaway key for tests in other packages. */
public final class SshSignatureVectorsTestKeys {
  public static final String PRIVATE = SshSignatureVectorsTest.VECTOR_KEY;
  public static final String PUB = SshSignatureVectorsTest.VECTOR_PUB;

  private SshSignatureVectorsTestKeys() {}
}
