package eid

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
)

var randRead = rand.Read

// parsePrivateKey reads a PEM RSA or EC private key (PKCS#8, PKCS#1 or
// SEC 1).
func parsePrivateKey(b []byte) (crypto.Signer, error) {
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, errors.New("eid: private key file holds no PEM block")
	}
	if k, err := x509.ParsePKCS8PrivateKey(block.Bytes); err == nil {
		if s, ok := k.(crypto.Signer); ok {
			return s, nil
		}
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	if k, err := x509.ParseECPrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	return nil, errors.New("eid: unsupported private key")
}

func isEC(k crypto.Signer) bool {
	_, ok := k.(*ecdsa.PrivateKey)
	return ok
}
