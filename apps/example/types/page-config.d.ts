// The page's configuration module, served by src/page-config-module.ts.

declare module 'virtual:cogflow-demo-config' {
  const config: import('../src/web-demo.js').DemoPageConfig;
  export default config;
}
