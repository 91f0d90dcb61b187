export { AES_256_KEY_BYTES, PayloadDecryptionError, decryptAesGcm, encryptAesGcm } from './aes-gcm';
export { PayloadKeyring, parsePayloadKey, type PayloadKey, type SealedBytes } from './payload-keyring';
