package org.bgwcheck.launcher.child;

import java.net.InetSocketAddress;

import org.bgwcheck.launcher.kind.ChildContext;
import org.bgwcheck.launcher.kind.ChildMain;
import org.bgwcheck.launcher.param.ClientSocket;
import org.bgwcheck.launcher.report.ReportLine;

/**
 * Phase-1 stand-in for {@code BackendMain}. A real backend would serve its client; this one has
 * no descriptor to serve (see {@link ClientSocket}), so it reports whose connection it was given
 * and exits. The startup data (a real backend's {@code CAC_state}) is opaque to it.
 */
public final class BackendStandInMain implements ChildMain {

    @Override
    public void main(ChildContext context) {
        ClientSocket client = context.parameters().clientSocket();
        ReportLine line = ReportLine.of("client");
        if (client == null) {
            line.with("socket", "none");
        } else {
            line.with("local", endpoint(client.local())).with("remote", endpoint(client.remote()));
        }
        context.out().println(line);
        context.out().flush();
    }

    private static String endpoint(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
