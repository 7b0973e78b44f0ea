#include "pemfiles.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>

using namespace Qt::Literals::StringLiterals;

namespace sluice {

bool setTlsIdentity(QSslConfiguration &ssl, const QString &certificatePath, const QString &keyPath, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(certificatePath);
    if (chain.isEmpty())
        return fail(u"no PEM certificate in \"%1\""_s.arg(certificatePath));
    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::ReadOnly))
        return fail(u"cannot read the key \"%1\": %2"_s.arg(keyPath, keyFile.errorString()));
    const QByteArray pem = keyFile.readAll();
    QSslKey key(pem, QSsl::Rsa);
    if (key.isNull())
        key = QSslKey(pem, QSsl::Ec);
    if (key.isNull())
        return fail(u"no unencrypted RSA or EC private key in \"%1\""_s.arg(keyPath));
    ssl.setLocalCertificateChain(chain);
    ssl.setPrivateKey(key);
    return true;
}

} // namespace sluice
