// What Warden asks a Docker engine for and what it checks in the engine's
// answer, without an engine: dangerous binds are refused, and an inspect
// answer that lost any hardening field (Docker's or Podman's dialect, or a
// field of the wrong type) is a problem named, never a throw.
#include "core/sandbox/DockerSandbox.h"
#include "core/sandbox/SeccompFilter.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sys/socket.h>

using namespace warden;

class TestDockerHardening : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    // Under supervision a container gets Warden's own seccomp profile: the
    // outer policy of the bubblewrap filter, with the privileged calls left
    // to the supervisor (so they are seen), inline for Docker and as a file
    // for Podman.
    void supervisedContainersCarryWardensProfile()
    {
        const nlohmann::json profile = SeccompFilter::dockerProfile(true);
        QCOMPARE(profile.at("defaultAction"), nlohmann::json("SCMP_ACT_ALLOW"));
        const nlohmann::json &denied = profile.at("syscalls").at(0).at("names");
        auto lists = [&denied](const char *name) {
            return std::find(denied.begin(), denied.end(), nlohmann::json(name)) != denied.end();
        };
        QVERIFY(lists("io_uring_setup") && lists("userfaultfd") && lists("clock_settime"));
        QVERIFY(!lists("unshare") && !lists("mount") && !lists("ptrace") && !lists("bpf")); // the supervisor's
        const nlohmann::json plain = SeccompFilter::dockerProfile(false).at("syscalls").at(0).at("names");
        QVERIFY(std::find(plain.begin(), plain.end(), nlohmann::json("unshare")) != plain.end());
        // clone with any namespace flag: one rule a flag.
        int cloneRules = 0;
        for (const auto &rule : profile.at("syscalls"))
            cloneRules += rule.at("names") == nlohmann::json{"clone"};
        QVERIFY(cloneRules >= 7);
        // socket and socketpair: vsock, packet and every family but unix,
        // inet, inet6 and netlink refused (EAFNOSUPPORT).
        auto refusesFamily = [&profile](const char *call, int family) {
            for (const auto &rule : profile.at("syscalls")) {
                if (rule.at("names") != nlohmann::json{call} || !rule.contains("args"))
                    continue;
                const auto &arg = rule.at("args").at(0);
                const auto value = arg.at("value").get<int>();
                const std::string op = arg.at("op").get<std::string>();
                if ((op == "SCMP_CMP_EQ" && value == family) || (op == "SCMP_CMP_GE" && family >= value))
                    return rule.at("errnoRet") == nlohmann::json(EAFNOSUPPORT);
            }
            return false;
        };
        for (const char *call : {"socket", "socketpair"}) {
            for (int family : {AF_VSOCK, AF_PACKET, AF_ALG, AF_KEY, AF_UNSPEC, AF_BLUETOOTH, 45})
                QVERIFY2(refusesFamily(call, family),
                         qPrintable(QStringLiteral("%1 %2").arg(QString::fromLatin1(call)).arg(family)));
            for (int family : {AF_UNIX, AF_INET, AF_INET6, AF_NETLINK})
                QVERIFY(!refusesFamily(call, family));
        }

        SandboxSpec spec;
        spec.supervised = true;
        spec.seccompProfileFile = "/run/w/seccomp.json";
        auto options = [](const nlohmann::json &body) { return body.at("HostConfig").at("SecurityOpt"); };
        const nlohmann::json docker = options(DockerSandbox::createBody(spec, false));
        QCOMPARE(docker.size(), std::size_t(2));
        QCOMPARE(nlohmann::json::parse(docker.at(1).get<std::string>().substr(8)), profile);
        QCOMPARE(options(DockerSandbox::createBody(spec, true)).at(1), nlohmann::json("seccomp=/run/w/seccomp.json"));
        spec.supervised = false;
        QCOMPARE(options(DockerSandbox::createBody(spec, false)), nlohmann::json{"no-new-privileges"});
    }

    void dockerRefusesDangerousMounts()
    {
        SandboxSpec spec;
        spec.binds = {{"/var/run", "/x", false}};
        QVERIFY(!DockerSandbox::checkBinds(spec));
        spec.binds = {{"/", "/host", false}};
        QVERIFY(!DockerSandbox::checkBinds(spec));
        spec.binds = {{"/etc", "/x", false}};
        QVERIFY(!DockerSandbox::checkBinds(spec));
        spec.binds = {{m_dir.path().toStdString(), "/data", false}};
        QVERIFY(DockerSandbox::checkBinds(spec).has_value());
        // An inspect answer that lost a hardening field is caught.
        spec.pids = 64;
        spec.memoryMb = 512;
        spec.tmpfsMb = 64;
        spec.binds = {{m_dir.path().toStdString(), "/data", false}};
        const nlohmann::json good = {
            {"Config", {{"User", "65534:65534"}, {"NetworkDisabled", true}}},
            {"HostConfig",
             {{"NetworkMode", "none"},
              {"CapDrop", {"ALL"}},
              {"Privileged", false},
              {"ReadonlyRootfs", true},
              {"SecurityOpt", {"no-new-privileges"}},
              {"PidsLimit", 64},
              {"Memory", 512 * 1024 * 1024},
              {"MemorySwap", 512 * 1024 * 1024},
              {"NanoCpus", 1000000000},
              {"IpcMode", "private"},
              {"Ulimits",
               {{{"Name", "nofile"}, {"Soft", 1024}, {"Hard", 1024}},
                {{"Name", "nproc"}, {"Soft", 64}, {"Hard", 64}},
                {{"Name", "core"}, {"Soft", 0}, {"Hard", 0}}}},
              {"Tmpfs", {{"/tmp", "rw,nosuid,nodev,size=64m"}}}}},
            {"Mounts",
             {{{"Type", "bind"}, {"Source", m_dir.path().toStdString()}, {"Destination", "/data"}, {"RW", false}}}}};
        QVERIFY(DockerSandbox::hardeningProblems(good, spec).empty());
        // One change at a time, each named.
        const std::vector<std::pair<std::string, nlohmann::json>> changes = {
            {"/HostConfig/NetworkMode", "bridge"},
            {"/Config/User", "0:0"},
            {"/Config/NetworkDisabled", false},
            {"/HostConfig/MemorySwap", -1},
            {"/HostConfig/NanoCpus", 0},
            {"/HostConfig/IpcMode", "host"},
            {"/HostConfig/SecurityOpt", {"no-new-privileges", "seccomp=unconfined"}},
            {"/HostConfig/SecurityOpt", {"no-new-privileges", "apparmor=unconfined"}},
            {"/HostConfig/Ulimits/1/Hard", 100000},
            {"/HostConfig/Ulimits", nlohmann::json::array()},
            {"/HostConfig/Tmpfs/~1tmp", "rw,size=64m"},
            {"/HostConfig/Tmpfs/~1tmp", "rw,nosuid,nodev"},
            {"/Mounts/0/RW", true},
            {"/Mounts/0/Destination", "/elsewhere"},
            {"/Mounts/1", {{"Type", "bind"}, {"Source", "/"}, {"Destination", "/host"}, {"RW", false}}},
            {"/Mounts", nlohmann::json::array()},
        };
        for (const auto &[pointer, value] : changes) {
            nlohmann::json inspect = good;
            inspect[nlohmann::json::json_pointer(pointer)] = value;
            QVERIFY2(!DockerSandbox::hardeningProblems(inspect, spec).empty(),
                     (pointer + " = " + value.dump()).c_str());
        }
        // Podman's dialect of the same answers passes; its missing
        // NetworkDisabled is made up for by the container's networks.
        nlohmann::json podman = good;
        podman["HostConfig"]["IpcMode"] = "shareable";
        for (auto &u : podman["HostConfig"]["Ulimits"])
            u["Name"] = "RLIMIT_" + QString::fromStdString(u["Name"].get<std::string>()).toUpper().toStdString();
        podman["Config"].erase("NetworkDisabled");
        podman["NetworkSettings"] = {{"Networks", nlohmann::json::object()}};
        QVERIFY(DockerSandbox::hardeningProblems(podman, spec).empty());
        podman["NetworkSettings"]["Networks"]["podman"] = nlohmann::json::object();
        QCOMPARE(DockerSandbox::hardeningProblems(podman, spec).size(), std::size_t(1));
        podman["HostConfig"]["IpcMode"] = "host";
        QCOMPARE(DockerSandbox::hardeningProblems(podman, spec).size(), std::size_t(2));
        // An engine that answers null or another type for a field fails
        // closed: a problem named, never a throw (PidsLimit: null ended a
        // worker thread in std::terminate).
        nlohmann::json inspect = good;
        inspect["HostConfig"]["PidsLimit"] = nullptr;
        inspect["HostConfig"]["Memory"] = "512m";
        inspect["HostConfig"]["Privileged"] = nullptr;
        inspect["HostConfig"]["CapDrop"] = "ALL";
        QVERIFY(DockerSandbox::hardeningProblems(inspect, spec).size() >= 4);
        for (const char *field : {"MemorySwap", "NanoCpus", "IpcMode", "Ulimits", "Tmpfs"}) {
            inspect = good;
            inspect["HostConfig"][field] = nullptr;
            QVERIFY2(!DockerSandbox::hardeningProblems(inspect, spec).empty(), field);
        }
        inspect["HostConfig"] = nlohmann::json::array();
        QCOMPARE(DockerSandbox::hardeningProblems(inspect, spec).size(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestDockerHardening)
#include "tst_dockerhardening.moc"
