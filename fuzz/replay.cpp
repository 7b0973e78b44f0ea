// Replays a fuzz target's corpus without libFuzzer: every file under the folders given on the
// command line is fed to LLVMFuzzerTestOneInput once. Built with every compiler and run by CTest,
// so each build proves the corpus still passes (scripts/fuzz.sh runs the fuzzer itself, with clang).
#include <QCoreApplication>
#include <QDirIterator>
#include <QFile>
#include <QTextStream>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    int inputs = 0;
    for (const QString &folder : app.arguments().mid(1)) {
        QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            if (!file.open(QIODevice::ReadOnly)) {
                out << "cannot read " << file.fileName() << '\n';
                return 1;
            }
            const QByteArray input = file.readAll();
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(input.constData()), size_t(input.size()));
            ++inputs;
        }
    }
    out << inputs << " inputs replayed, none crashed\n";
    return inputs > 0 ? 0 : 1; // an empty corpus proves nothing
}
