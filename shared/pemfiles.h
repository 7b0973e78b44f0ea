#pragma once

#include <QSslConfiguration>
#include <QString>

namespace sluice {

// Sets the certificate chain and private key (RSA or EC, unencrypted) of PEM files as this end's
// identity in a TLS configuration: a webhook client's for mutual TLS, or a server's. False, with a
// reason naming the file, when either cannot be used.
bool setTlsIdentity(QSslConfiguration &ssl, const QString &certificatePath, const QString &keyPath, QString *error);

} // namespace sluice
