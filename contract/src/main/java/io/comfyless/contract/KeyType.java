package io.comfyless.contract;

/** DynamoDB scalar key types used by ComfyLess tables. */
public enum KeyType {
    /** String. */
    S,
    /** Number. */
    N
}
